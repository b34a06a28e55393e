/** What a diagnostic rule reports: the problem, its evidence, and the exact change that fixes it. */
import type { Decision, PolicyLabel, StatementRef } from '../policy/types';
import type { RuleContext } from './context';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Evidence {
  /** The principal or resource that holds the policy (ARN, `s3://bucket`). */
  owner?: string;
  policy?: PolicyLabel;
  statement?: StatementRef;
  /** Plain English: what in that policy (or in CloudTrail) shows the problem. */
  text: string;
  /** CloudTrail event ids that show it, where it was observed. */
  eventIds?: string[];
}

export interface FixRecheck {
  /** The principal whose request is re-checked (the caller of the affected step). */
  subject?: string;
  /** The engine's decision for the affected step before and after the fix. */
  before: Decision;
  after: Decision;
  /** The other requests re-checked to show the fix opens nothing else, and whether any changed. */
  checked: number;
  openedElsewhere: string[];
  /** Principals the fix shuts out that the current policies let in (expected for narrowing fixes; listed so nobody is surprised). */
  closedElsewhere?: string[];
  /**
   * Every rule run again on the snapshot as the fix leaves it: the findings it adds and removes. Absent
   * for fixes whose kind is not re-run (identity policies, fixes that change no policy).
   */
  findings?: {
    added: FindingChange[];
    removed: FindingChange[];
  };
}

/** A finding a fix adds or removes (see `FixRecheck.findings`). */
export interface FindingChange {
  id: string;
  rule: string;
  severity: Severity;
  message: string;
}

export interface Fix {
  summary: string;
  /** The ARN (or `s3://bucket`) whose policy changes, and which policy. */
  target: string;
  policyKind: 'trust' | 'identity' | 'bucket' | 'instance-profile' | 'none';
  /** The exact statement to add, as JSON. */
  addStatement?: unknown;
  /** The statement (by Sid or index) to remove or replace. */
  removeStatement?: StatementRef;
  /** The whole policy document after the fix, ready to paste. */
  newDocument?: unknown;
  /** An AWS CLI command that applies it (after saving `newDocument` to the file it names). */
  cli?: string;
  /** The file name `cli` reads `newDocument` from. */
  file?: string;
  recheck?: FixRecheck;
}

export interface Finding {
  /** Stable across runs: `${rule}:${subject}`. */
  id: string;
  rule: string;
  severity: Severity;
  title: string;
  /** One or two sentences for a person in a hurry. */
  message: string;
  /** Graph node ids and edge ids it concerns (see lib/graph/types.ts). */
  nodes: string[];
  edges: string[];
  evidence: Evidence[];
  fix?: Fix;
  /** The account the subject belongs to, where it has one. */
  account?: string;
  /** Ids of other findings about the same cause (e.g. a denied attempt and the missing trust behind it). */
  related?: string[];
}

/** One diagnostic rule: one file in `./rules/`, registered in `./index.ts`. */
export interface Rule {
  id: string;
  title: string;
  /** The highest severity it reports; single findings may be lower. */
  severity: Severity;
  /** What it looks for and why it matters, for `--help`, SARIF and the dashboard. */
  description: string;
  run(ctx: RuleContext): Finding[];
}
