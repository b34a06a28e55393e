/**
 * Findings as SARIF 2.1.0, for GitHub code scanning and other tools: one `rule` per registered rule,
 * one `result` per finding, located on the AWS resource it concerns (a logical location: no file holds
 * an IAM role) with the fix's statement and command in the message.
 */
import { parseArn } from '../model';
import type { Finding, Rule, Severity } from './types';
import { fixTarget, hasFix } from './fix-peek';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub sorts code-scanning alerts by this (0–10). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

/**
 * GitHub code scanning needs a repository-relative file path on every result; an IAM role has none, so
 * each AWS resource gets a stable virtual one (`aws/<account>/iam/role/<name>`), which also keeps alerts
 * matched from run to run.
 */
export function pathOf(subject: string, account?: string): string {
  const arn = parseArn(subject);
  if (arn)
    return ['aws', arn.account || account || 'global', arn.service, ...arn.resource.split(/[/:]/)]
      .filter((p) => p !== '')
      .join('/');
  if (subject.startsWith('s3://')) return `aws/s3/${subject.slice(5)}`.replace(/\/+$/, '');
  return `aws/${account ?? 'global'}/${subject.replace(/[^A-Za-z0-9._-]+/g, '-')}`;
}

export interface SarifOptions {
  toolVersion?: string;
  informationUri?: string;
  /**
   * Fixes are given (vetted and re-checked) for the first `fixes` findings only (default: all); a later
   * finding that has one says so with `withheld`, and its fix is never worked out (see fix-peek.ts).
   */
  fixes?: number;
  /** What a result whose fix is not given says instead (the command's own words: how to get it). */
  withheld?: string;
}

export function toSarif(
  findings: readonly Finding[],
  rules: readonly Rule[],
  options: SarifOptions = {},
): Record<string, unknown> {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'rolechain',
            ...(options.toolVersion ? { version: options.toolVersion } : {}),
            informationUri: options.informationUri ?? 'https://github.com/rolechain/rolechain',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_, _d: string, c: string) => c.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: r.description },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { tags: ['security', 'iam'], 'security-severity': SECURITY_SEVERITY[r.severity] },
            })),
          },
        },
        results: findings.map((f, i) => {
          const shown = i < (options.fixes ?? Infinity);
          const fix = shown ? f.fix : undefined;
          const withheld = !shown && hasFix(f);
          const subject = (shown ? fix?.target : fixTarget(f)) ?? f.nodes[0] ?? f.id;
          const fixText = fix
            ? `\nFix: ${fix.summary}${fix.cli ? `\n${fix.cli}` : ''}${fix.addStatement ? `\nStatement: ${JSON.stringify(fix.addStatement)}` : ''}`
            : withheld
              ? `\nFix: ${options.withheld ?? 'not shown (not vetted or re-checked).'}`
              : '';
          return {
            ruleId: f.rule,
            ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
            level: LEVEL[f.severity],
            message: { text: `${f.message}${fixText}` },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: pathOf(subject, f.account) },
                  region: { startLine: 1 },
                },
                logicalLocations: f.nodes
                  .slice(0, 5)
                  .map((n) => ({ fullyQualifiedName: n, kind: 'resource' })),
                message: { text: subject },
              },
            ],
            partialFingerprints: { rolechainFindingId: f.id },
            properties: {
              severity: f.severity,
              'security-severity': SECURITY_SEVERITY[f.severity],
              ...(f.account !== undefined ? { account: f.account } : {}),
              evidence: f.evidence.map((e) => e.text),
              ...(fix ? { fix } : {}),
              ...(withheld ? { fixWithheld: true } : {}),
            },
          };
        }),
      },
    ],
  };
}
