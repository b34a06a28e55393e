/**
 * The chain check, once: from fields (one chain), or from pasted configuration (every chain it implies).
 * `rolechain check`, `POST /api/check`, the /check page and the graph's edge panel all call `runCheck`
 * and render its `CheckOutcome`, so they agree by construction (check.parity.test.ts).
 *
 * A chain that cannot be checked is never dropped: it is listed with `notChecked` and why, and the
 * verdict is then at best `incomplete` — never `works`.
 */
import { z } from 'zod';
import type { ChainCheck, ChainPlan, CredentialKind, PlannedChain, StatementReading } from '../graph';
import {
  checkPlan,
  maskAccessKey,
  readStatement,
  roleArnProblem,
  sourceProblem,
  TEXT_KIND_LABEL,
} from '../graph';
import type { AssumeEvent, Result, Snapshot, SourceName, User } from '../model';
import { err, gapMessage, gapsOf, ok } from '../model';
import { knownExternalIds } from './external-ids';

const ACTION = /^[a-z0-9-]+:[A-Za-z0-9*?]+$/;
const action = z.string().trim().regex(ACTION, 'an action is service:Name, e.g. s3:GetObject');
const durationSeconds = z.coerce
  .number()
  .int()
  .min(900, 'at least 900 seconds (15 minutes)')
  .max(43200, 'at most 43200 seconds (12 hours)')
  .optional();

const Fields = z.object({
  source: z
    .string()
    .trim()
    .min(
      1,
      'choose the source: an instance role, user, role, EC2 instance or workload (pod, task, function, job)',
    )
    .max(2048),
  /** Absent: the source's own credentials reach the resource (instance profile, user, default chain). */
  targetRole: z.string().trim().max(2048).optional(),
  resource: z.string().trim().min(1, 'give the resource, e.g. s3://bucket/path').max(2048),
  action: action.optional(),
  actions: z.array(action).min(1).max(20).optional(),
  externalId: z.string().min(2).max(1224).optional(),
  durationSeconds,
  region: z.string().max(32).optional(),
  kmsKey: z.string().max(2048).optional(),
  /** Edge panel: fill the ExternalId from what the trust requires or CloudTrail saw, and say which. */
  fillExternalId: z.boolean().optional(),
});

const FromText = z.object({
  /** The pasted statement or configuration file; `sql` is its older name. */
  text: z.string().min(1).max(100_000).optional(),
  sql: z.string().min(1).max(100_000).optional(),
  source: z.string().trim().max(2048).optional(),
  resource: z.string().trim().max(2048).optional(),
  action: action.optional(),
  actions: z.array(action).min(1).max(20).optional(),
  externalId: z.string().min(2).max(1224).optional(),
  durationSeconds,
});

export const CheckInput = z.union([
  FromText.refine((b) => b.text !== undefined || b.sql !== undefined, 'paste the statement as text'),
  Fields,
]);
export type CheckInput = z.infer<typeof CheckInput>;

export const VERDICTS = ['works', 'broken', 'incomplete'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface CheckedChain {
  label: string;
  credentials?: CredentialKind;
  request: Partial<ChainPlan> & { actions: string[] };
  result?: ChainCheck;
  /** Why this chain was not checked (no source, an unknown key, no credentials at all). */
  notChecked?: string;
}

export interface CheckOutcome {
  verdict: Verdict;
  /** One line: what was checked and how it ended. */
  summary: string;
  chains: CheckedChain[];
  statement?: Omit<StatementReading, 'chains'> & { kindLabel: string };
  /** The ExternalId the check used when asked to fill it, and where it came from. */
  externalIdUsed?: { value: string; from: string };
  /**
   * Parts of the data the chains rest on (IAM, list-roles, S3, EC2, Organizations, and Glue or KMS
   * where a chain uses them, in the accounts the chains touch) that were not read fully or are stale.
   * A chain that passes on such data is `incomplete`, never `works`.
   */
  dataNotes: string[];
}

/** 0 works, 1 broken (a step fails or the statement contradicts itself), 3 not everything could be checked. */
export const exitCodeOf = (o: CheckOutcome): 0 | 1 | 3 =>
  o.verdict === 'works' ? 0 : o.verdict === 'broken' ? 1 : 3;

export interface CheckContext {
  /** AssumeRole events about the target role, for the ExternalIds CloudTrail saw. */
  events?: readonly AssumeEvent[];
}

export function runCheck(
  snapshot: Snapshot,
  input: CheckInput,
  context: CheckContext = {},
): Result<CheckOutcome> {
  if (input.source !== undefined && input.source !== '') {
    const problem = sourceProblem(input.source);
    if (problem) return err('bad_source', `The source ${problem}.`);
  }
  let out: Result<Omit<CheckOutcome, 'dataNotes'>>;
  if ('text' in input || 'sql' in input) {
    const text = ('text' in input ? input.text : undefined) ?? ('sql' in input ? input.sql : undefined) ?? '';
    out = fromText(snapshot, { ...input, text });
  } else out = fromFields(snapshot, input as z.infer<typeof Fields>, context);
  if (!out.ok) return out;
  const dataNotes = dataNotesOf(snapshot, out.value.chains, input.source);
  if (out.value.verdict !== 'works' || dataNotes.length === 0) return ok({ ...out.value, dataNotes });
  return ok({
    ...out.value,
    verdict: 'incomplete',
    summary: `not fully checked: every step passes on the data held, but ${dataNotes.length} part${dataNotes.length === 1 ? '' : 's'} of the data it rests on ${dataNotes.length === 1 ? 'was' : 'were'} not read fully or ${dataNotes.length === 1 ? 'is' : 'are'} stale`,
    dataNotes,
  });
}

/** The sources every chain's five steps read; Glue and KMS only where a chain uses them. */
const CHAIN_SOURCES: readonly SourceName[] = ['iam', 'list-roles', 's3', 'ec2', 'organizations'];

/** What the snapshot did not read fully (or holds stale) in the accounts the chains touch. */
function dataNotesOf(snapshot: Snapshot, chains: CheckedChain[], source: string | undefined): string[] {
  const accounts = new Set<string>();
  const sources = new Set<SourceName>(CHAIN_SOURCES);
  const addAccounts = (v: string | undefined) => {
    for (const m of (v ?? '').matchAll(/(?<!\d)(\d{12})(?!\d)/g)) if (m[1]) accounts.add(m[1]);
  };
  const instanceAccount = (id: string | undefined) =>
    id?.startsWith('i-') ? snapshot.instances.find((i) => i.id === id)?.account : undefined;
  addAccounts(source);
  addAccounts(instanceAccount(source));
  // A workload source also rests on the part it was read from, and IRSA on the providers of the role's account.
  const workloadSources = (id: string | undefined) => {
    for (const w of snapshot.workloads ?? [])
      if (w.id === id) {
        sources.add(w.source);
        if (w.kind === 'eks-service-account')
          for (const x of ['eks', 'kubernetes', 'identity-providers'] as const) sources.add(x);
      }
  };
  workloadSources(source);
  for (const c of chains) {
    const r = c.request;
    for (const v of [r.source, r.targetRole, r.resource, r.kmsKey]) addAccounts(v);
    addAccounts(instanceAccount(r.source));
    workloadSources(r.source);
    if (r.resource?.startsWith('s3://')) {
      const name = r.resource.slice('s3://'.length).split('/')[0];
      addAccounts(snapshot.buckets.find((b) => b.name === name)?.account);
    }
    if (r.resource?.startsWith('arn:aws:glue:')) sources.add('glue');
    if (r.kmsKey !== undefined) sources.add('kms');
    if (r.resource?.startsWith('s3://')) {
      const name = r.resource.slice('s3://'.length).split('/')[0];
      if (snapshot.buckets.find((b) => b.name === name)?.encryption?.algorithm.startsWith('aws:kms'))
        sources.add('kms');
    }
  }
  const notes = gapsOf(snapshot)
    .filter((g) => sources.has(g.source) && (g.account === undefined || accounts.has(g.account)))
    .map(gapMessage);
  // A bucket whose default encryption was not read may use a KMS key whose policy decides step 5.
  const unencrypted = new Set<string>();
  for (const c of chains) {
    const r = c.request.resource;
    if (!r?.startsWith('s3://') || c.request.kmsKey !== undefined) continue;
    const name = r.slice('s3://'.length).split('/')[0] ?? '';
    const b = snapshot.buckets.find((x) => x.name === name);
    if (b && b.encryption === undefined) unencrypted.add(name);
  }
  for (const name of [...unencrypted].sort())
    notes.push(
      `S3 default encryption of bucket ${name}: not read, so whether a KMS key policy must also allow the chain is unknown (\`aws s3api get-bucket-encryption --bucket ${name}\`, s3:GetEncryptionConfiguration)`,
    );
  return notes;
}

function fromFields(
  snapshot: Snapshot,
  f: z.infer<typeof Fields>,
  context: CheckContext,
): Result<Omit<CheckOutcome, 'dataNotes'>> {
  if (f.targetRole !== undefined && f.targetRole !== '') {
    const problem = roleArnProblem(f.targetRole);
    if (problem) return err('bad_arn', `The target role ${problem}.`);
  }
  let externalId = f.externalId;
  let externalIdUsed: CheckOutcome['externalIdUsed'];
  if (externalId === undefined && f.fillExternalId && f.targetRole) {
    const known = knownExternalIds(snapshot, context.events ?? [], f.source, f.targetRole);
    // What the caller was seen sending is what it really sends; the trust's value is what it should send.
    const pick = known.seen[0] ?? known.required[0];
    if (pick !== undefined) {
      externalId = pick;
      externalIdUsed = {
        value: pick,
        from:
          known.seen[0] !== undefined
            ? `seen in CloudTrail from this caller${known.required.length > 0 && !known.required.includes(pick) ? ` (the trust requires ${known.required.join(' or ')})` : ''}`
            : 'required by the trust policy (CloudTrail never saw this caller send one)',
      };
    }
  }
  const plan: ChainPlan = {
    source: f.source,
    ...(f.targetRole ? { targetRole: f.targetRole } : {}),
    resource: f.resource,
    actions: f.actions ?? [f.action ?? 's3:GetObject'],
    ...(externalId !== undefined ? { externalId } : {}),
    ...(f.durationSeconds !== undefined ? { durationSeconds: f.durationSeconds } : {}),
    ...(f.region !== undefined ? { region: f.region } : {}),
    ...(f.kmsKey !== undefined ? { kmsKey: f.kmsKey } : {}),
  };
  const chain: CheckedChain = {
    label: f.targetRole ? 'chain' : 'direct access',
    request: plan,
    result: checkPlan(snapshot, plan),
  };
  return ok({ ...verdictOf([chain], []), chains: [chain], ...(externalIdUsed ? { externalIdUsed } : {}) });
}

function fromText(
  snapshot: Snapshot,
  b: z.infer<typeof FromText> & { text: string },
): Result<Omit<CheckOutcome, 'dataNotes'>> {
  const read = readStatement(b.text);
  if (!read.ok) return read;
  const r = read.value;
  // A malformed role ARN is refused, with exactly what is wrong, before anything is checked.
  for (const c of r.chains)
    if (c.targetRole !== undefined) {
      const problem = roleArnProblem(c.targetRole);
      if (problem) return err('bad_arn', `${c.roleProperty ?? 'the role'} ${problem}.`);
    }
  if (r.chains.length === 0)
    return err(
      'bad_sql',
      `Read as ${TEXT_KIND_LABEL[r.kind]} (${r.engine}), but it configures no S3 or Glue access: no role, key, location or catalog was found.`,
    );
  const chains = r.chains.map((c) => planOne(snapshot, c, b));
  const { chains: _planned, ...statement } = r;
  return ok({
    ...verdictOf(chains, r.contradictions),
    chains,
    statement: { ...statement, kindLabel: TEXT_KIND_LABEL[r.kind] },
  });
}

/** Turns a planned chain into a check: finds its source, applies the flags, or says why it cannot run. */
function planOne(snapshot: Snapshot, c: PlannedChain, b: z.infer<typeof FromText>): CheckedChain {
  // Flags apply to the S3 side; the Glue side keeps its own catalog and Glue actions.
  const isGlue = c.service === 'glue';
  const resource = isGlue ? glueResource(snapshot, c, b.source) : b.resource || c.resource;
  const actions = isGlue ? c.actions : (b.actions ?? (b.action ? [b.action] : c.actions));
  const request: CheckedChain['request'] = {
    ...(c.targetRole !== undefined ? { targetRole: c.targetRole } : {}),
    ...(resource !== undefined ? { resource } : {}),
    actions,
    ...((b.externalId ?? c.externalId) !== undefined ? { externalId: b.externalId ?? c.externalId } : {}),
    ...((b.durationSeconds ?? c.durationSeconds) !== undefined
      ? { durationSeconds: b.durationSeconds ?? c.durationSeconds }
      : {}),
    ...(c.region !== undefined ? { region: c.region } : {}),
    ...(c.kmsKey !== undefined ? { kmsKey: c.kmsKey } : {}),
  };
  const base = { label: c.label, credentials: c.credentials };
  if (c.notCheckable) return { ...base, request, notChecked: c.notCheckable };
  let source = b.source;
  if (c.accessKeyId !== undefined) {
    // The key's user is the caller, whatever the cluster runs as.
    const user = userOfKey(snapshot, c.accessKeyId);
    if (!user)
      return {
        ...base,
        request,
        notChecked: `the access key ${maskAccessKey(c.accessKeyId)} is not in the snapshot (its user is found through list-access-keys / AccessKeyMetadata): which IAM user it belongs to, and so its permissions, are unknown`,
      };
    source = user.arn;
  }
  if (!source)
    return {
      ...base,
      request,
      notChecked: `no source given: this chain uses ${c.credentials === 'assumed-role' ? 'the cluster’s credentials to assume the role' : 'the cluster’s own credentials'}; give the instance role, instance profile or instance id (--source)`,
    };
  const plan: ChainPlan = { ...request, source };
  return { ...base, request: plan, result: checkPlan(snapshot, plan) };
}

/** The Glue catalog ARN: the catalog's own account when named, else the role's (or the source's) account. */
function glueResource(snapshot: Snapshot, c: PlannedChain, source: string | undefined): string | undefined {
  const account =
    c.catalogAccount ??
    /:iam::(\d{12}):/.exec(c.targetRole ?? '')?.[1] ??
    /:(?:iam|sts)::(\d{12}):/.exec(source ?? '')?.[1] ??
    (source?.startsWith('i-') ? snapshot.instances.find((i) => i.id === source)?.account : undefined);
  if (account === undefined) return 'glue:catalog';
  const region = c.region ?? snapshot.glueCatalogs.find((g) => g.account === account)?.region ?? 'us-east-1';
  return `arn:aws:glue:${region}:${account}:catalog`;
}

function userOfKey(snapshot: Snapshot, keyId: string): User | undefined {
  return snapshot.users.find((u) => u.accessKeys.some((k) => k.id === keyId));
}

function verdictOf(
  chains: CheckedChain[],
  contradictions: string[],
): Pick<CheckOutcome, 'verdict' | 'summary'> {
  const broken = chains.filter((c) => c.result?.steps.some((s) => s.status === 'fail'));
  const open = chains.filter((c) => c.notChecked !== undefined || (c.result && !c.result.ok));
  const n = chains.length;
  const of = (k: number) => `${k} of ${n} chain${n === 1 ? '' : 's'}`;
  if (broken.length > 0 || contradictions.length > 0)
    return {
      verdict: 'broken',
      summary:
        broken.length > 0
          ? `broken: ${of(broken.length)} fail (${broken.map((c) => c.label).join(', ')})`
          : 'broken: the statement contradicts itself',
    };
  if (open.length > 0)
    return {
      verdict: 'incomplete',
      summary: `not fully checked: ${of(open.length)} could not be decided (${open
        .map((c) => `${c.label}: ${c.notChecked !== undefined ? 'not checked' : 'unknown or skipped steps'}`)
        .join('; ')})`,
    };
  return {
    verdict: 'works',
    summary: `works: ${n === 1 ? 'the chain passes' : `all ${n} chains pass`} every step`,
  };
}
