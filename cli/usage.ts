/**
 * What `rolechain --help` prints: each command's one-line summary. Nothing else here, and no import: the
 * build also compiles this file alone to CommonJS (dist/cli/usage.cjs), which bin/rolechain.cjs prints
 * without starting Node's ES module loader or loading any command.
 */
export const SUMMARIES = {
  analyze: 'graph summary and findings (with fixes) for the demo or given files; table, JSON or SARIF',
  athena: 'read role-chain events of an organisation trail through Amazon Athena',
  audit:
    'list stored role sessions (AssumeRole*) — or, with --kind, the other IAM/STS chain events — and who was really behind each',
  check:
    'check role chains in five steps, from fields or from a pasted Doris / StarRocks / Trino / Spark / Iceberg configuration',
  collect: 'collect IAM, S3, EC2 and CloudTrail from live AWS (read-only) into the store',
  diff: 'chains opened, broken, closed or changed between two stored snapshots',
  import: 'import authz-details and CloudTrail files or folders into the store',
  serve: 'run the dashboard (127.0.0.1 unless --host; other hosts need an access token)',
  simulate: 'evaluate IAM requests against their policies, JSON lines in, JSON lines out',
} as const;

export type CommandName = keyof typeof SUMMARIES;

/** The usage text, ended with a line feed. */
export function usageText(): string {
  const lines = ['usage: rolechain <command> [options]', '', 'commands:'];
  for (const [name, summary] of Object.entries(SUMMARIES)) lines.push(`  ${name.padEnd(10)} ${summary}`);
  lines.push('', 'rolechain <command> --help for its options');
  return lines.join('\n') + '\n';
}
