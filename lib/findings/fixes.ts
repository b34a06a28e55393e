/**
 * Fixes more than one rule proposes: a trust statement for a caller, an `sts:AssumeRole` permission
 * for a caller, each with its CLI command and the engine's re-check.
 */
import type { Role } from '../model';
import { accountOf } from '../model';
import { findPrincipal } from '../graph/snapshot-index';
import type { Evaluation, PolicyInput } from '../policy';
import type { RuleContext } from './context';
import { sidOf, trustOf } from './context';
import { ASSUME_ROLE, recheckIdentity, recheckTrust } from './engine';
import type { Json } from './patch';
import { addStatement, inlinePolicyCli, policyOf, trustCli } from './patch';
import type { Evidence, Finding, Fix, FixRecheck, Rule, Severity } from './types';

/**
 * Gives `fix` a `recheck` that is worked out when first read (by the dashboard, JSON.stringify, the
 * CLI), then kept. Why: a re-check evaluates every caller a fix could concern; an organisation has
 * thousands of findings and a person reads a page of them. The property is an own, enumerable getter, so
 * serialising, spreading and deep equality see a plain value. `make` must not throw (the engine never does).
 */
export function withRecheck<F extends Omit<Fix, 'recheck'>>(fix: F, make: () => FixRecheck): F & Fix {
  let value: FixRecheck | undefined;
  Object.defineProperty(fix, 'recheck', {
    enumerable: true,
    configurable: true,
    get: (): FixRecheck => (value ??= make()),
  });
  return fix;
}

/** How to re-check a fix for any candidate document (see `withRecheckOf`). */
const retargets = new WeakMap<object, (document: unknown) => FixRecheck>();

/**
 * `withRecheck` for a fix whose re-check is the same question asked of another document: vetting
 * (vet-fixes.ts) asks it again of the safer document it offers instead.
 */
export function withRecheckOf<F extends Omit<Fix, 'recheck'>>(
  fix: F,
  recheck: (document: unknown) => FixRecheck,
): F & Fix {
  retargets.set(fix, recheck);
  return withRecheck(fix, () => recheck(fix.newDocument));
}

/** The re-check of `fix`'s question for `document`, where the fix was made by `withRecheckOf`. */
export const recheckOf = (fix: Fix, document: unknown): FixRecheck | undefined =>
  retargets.get(fix)?.(document);

/** A finding with its stable id (`rule:subject`). */
export function finding(
  rule: Rule,
  subject: string,
  f: Omit<Finding, 'id' | 'rule' | 'severity' | 'title'> & { severity?: Severity; title?: string },
): Finding {
  return {
    id: `${rule.id}:${subject}`,
    rule: rule.id,
    severity: f.severity ?? rule.severity,
    title: f.title ?? rule.title,
    ...f,
  };
}

/** The reasons of an evaluation as evidence (the ones that name a statement or a missing policy first). */
export function evidenceOf(ev: Evaluation, owner?: string, max = 3): Evidence[] {
  const ranked = [...ev.reasons].sort(
    (a, b) => Number(b.outcome === 'applies') - Number(a.outcome === 'applies'),
  );
  return ranked.slice(0, max).map((r) => ({
    ...(owner !== undefined ? { owner } : {}),
    policy: r.policy,
    ...(r.statement ? { statement: r.statement } : {}),
    text: r.message,
  }));
}

const EXTERNAL_ID = 'sts:externalid';

/** The `sts:ExternalId` condition other AWS principals of this trust already carry, to ask the same of a new one. */
function externalIdConditionOf(role: Role): Json | undefined {
  for (const p of trustOf(role)) {
    if (p.effect !== 'Allow' || p.negated || p.invalid) continue;
    const c = p.conditions.find((x) => x.key.toLowerCase() === EXTERNAL_ID);
    if (c) return { [c.operator]: { 'sts:ExternalId': c.values.length === 1 ? c.values[0] : c.values } };
  }
  return undefined;
}

/** The trust statement that admits `principal` (an IAM ARN or a service), as the role's other callers are admitted. */
export function trustStatementFor(role: Role, principal: string): Json {
  const service = principal.endsWith('.amazonaws.com');
  const stmt: Json = {
    Sid: sidOf(
      `Allow ${service ? (principal.split('.')[0] ?? principal) : (principal.split('/').pop() ?? principal)}`,
    ),
    Effect: 'Allow',
    Principal: service ? { Service: principal } : { AWS: principal },
    Action: ASSUME_ROLE,
  };
  const cross = !service && accountOf(principal) !== role.account;
  const condition = cross ? externalIdConditionOf(role) : undefined;
  if (condition) stmt.Condition = condition;
  return stmt;
}

/** Add a trust statement naming `principal` to `role`, with the command and the re-check. */
export function addTrustFix(ctx: RuleContext, role: Role, principal: string, summary?: string): Fix {
  const statement = trustStatementFor(role, principal);
  const newDocument = addStatement(role.trustPolicy, statement);
  const { cli, file } = trustCli(role.name);
  return withRecheckOf(
    {
      summary:
        summary ??
        `Add a statement to the trust policy of ${role.name} (account ${role.account}) that admits ${principal}.`,
      target: role.arn,
      policyKind: 'trust',
      addStatement: statement,
      newDocument,
      cli,
      file,
    },
    (document) => recheckTrust(ctx, role, { principal }, document),
  );
}

/** IAM inline policy names: letters, digits and `+=,.@_-`, at most 128 characters. */
const policyName = (text: string): string => text.replace(/[^\w+=,.@-]/g, '-').slice(0, 128);

/** Give `principal` (a role or user of the snapshot) an inline policy allowing `sts:AssumeRole` on `role`. */
export function assumePermissionFix(ctx: RuleContext, principal: string, role: Role): Fix | undefined {
  const caller = findPrincipal(ctx.index, principal);
  if (!caller) return undefined;
  const name = policyName(`rolechain-assume-${role.name}`);
  const statement: Json = {
    Sid: sidOf(`Assume ${role.name}`),
    Effect: 'Allow',
    Action: ASSUME_ROLE,
    Resource: role.arn,
  };
  const owner = caller.kind === 'role' ? caller.role : caller.user;
  const existing = owner.inlinePolicies.find((p) => p.name === name);
  const newDocument = existing ? addStatement(existing.document, statement) : policyOf([statement]);
  const identity: PolicyInput[] = [
    ...ctx.index.identityPolicies(caller).filter((p) => p.name !== name || p.arn !== undefined),
    { name, document: newDocument, validation: 'strict' },
  ];
  const { cli, file } = inlinePolicyCli(caller.kind, owner.name, name);
  return withRecheck(
    {
      summary: `Allow ${caller.kind} ${owner.name} (account ${owner.account}) to call sts:AssumeRole on ${role.arn} with the inline policy ${name}.`,
      target: owner.arn,
      policyKind: 'identity',
      addStatement: statement,
      newDocument,
      cli,
      file,
    },
    () => recheckIdentity(ctx, owner.arn, role, identity),
  );
}
