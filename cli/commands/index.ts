/**
 * The commands of `rolechain`, each loaded only when it runs: `rolechain --help` reads this list and
 * nothing else, so it starts as fast as node itself (the engine, zod, SQLite and the AWS SDK load
 * with the command that needs them). In the bundle each `import()` is a chunk of its own.
 */
import type { Io } from '../io';

export interface CommandModule {
  run(args: string[], io: Io): Promise<number>;
}

export interface CommandEntry {
  /** One line for `rolechain --help`. */
  summary: string;
  load(): Promise<CommandModule>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  analyze: {
    summary: 'graph summary and findings (with fixes) for the demo or given files; table, JSON or SARIF',
    load: () => import('./analyze'),
  },
  athena: {
    summary: 'read role-chain events of an organisation trail through Amazon Athena',
    load: () => import('./athena'),
  },
  audit: {
    summary:
      'list stored role sessions (AssumeRole*) — or, with --kind, the other IAM/STS chain events — and who was really behind each',
    load: () => import('./audit'),
  },
  check: {
    summary:
      'check role chains in five steps, from fields or from a pasted Doris / StarRocks / Trino / Spark / Iceberg configuration',
    load: () => import('./check'),
  },
  collect: {
    summary: 'collect IAM, S3, EC2 and CloudTrail from live AWS (read-only) into the store',
    load: () => import('./collect'),
  },
  diff: {
    summary: 'chains opened, broken, closed or changed between two stored snapshots',
    load: () => import('./diff'),
  },
  import: {
    summary: 'import authz-details and CloudTrail files or folders into the store',
    load: () => import('./import'),
  },
  serve: {
    summary: 'run the dashboard (127.0.0.1 unless --host; other hosts need an access token)',
    load: () => import('./serve'),
  },
  simulate: {
    summary: 'evaluate IAM requests against their policies, JSON lines in, JSON lines out',
    load: () => import('./simulate'),
  },
};
