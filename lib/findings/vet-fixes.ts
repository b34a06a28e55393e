/**
 * Vetting fixes: a fix is offered only when re-running every rule on the snapshot it would leave adds no
 * finding as severe as the one it fixes (see recheck-findings.ts). A trust fix that would admit another
 * account's principals without `sts:ExternalId` is replaced by the same fix with the ExternalId bound
 * (the value CloudTrail shows that caller sending, else one to agree with it); a fix that still opens a
 * hole is withdrawn: a fix of kind `none` stands in its place and says why. Worked out when the finding's fix is first read, like the
 * re-check itself: an organisation has thousands of findings and a person reads a page of them.
 */
import type { Role } from '../model';
import { accountOf } from '../model';
import { trustPrincipals } from '../policy';
import type { RuleContext } from './context';
import { sidOf } from './context';
import type { Json } from './patch';
import { statementsOf } from './patch';
import type { FindingChange, FindingsDiff } from './recheck-findings';
import { findingsDiff, newHoles } from './recheck-findings';
import { suggestedExternalId } from './rules/cross-account-no-external-id';
import { recheckTrust } from './engine';
import { recheckOf } from './fixes';
import { rememberUnvetted } from './fix-peek';
import type { Finding, Fix, FixRecheck, Rule } from './types';

/** The ExternalId a caller account sent in CloudTrail's successful calls to this role, if one did. */
function observedExternalId(ctx: RuleContext, role: Role, account: string): string | undefined {
  for (const e of ctx.assumeEvents)
    if (
      e.outcome === 'success' &&
      e.roleArn === role.arn &&
      e.externalIdPresent &&
      e.externalId !== undefined &&
      accountOf(e.caller.arn ?? '') === account
    )
      return e.externalId;
  return undefined;
}

/**
 * The trust document with an `sts:ExternalId` condition on every Allow statement that admits an AWS
 * principal of another account without one; undefined when there is none to bind.
 */
export function bindExternalIds(ctx: RuleContext, role: Role, document: unknown): Json | undefined {
  const principals = trustPrincipals(document);
  const statements = statementsOf(document);
  let changed = false;
  const next = statements.map((raw, index): Json => {
    const foreign = principals.find(
      (p) =>
        p.statement.index === index &&
        p.effect === 'Allow' &&
        !p.negated &&
        !p.invalid &&
        p.account !== undefined &&
        p.account !== role.account &&
        !p.conditions.some((c) => c.key.toLowerCase() === 'sts:externalid'),
    );
    if (!foreign?.account) return raw;
    changed = true;
    const value =
      observedExternalId(ctx, role, foreign.account) ?? suggestedExternalId(role.name, foreign.account);
    const condition = (raw.Condition ?? {}) as Json;
    return {
      ...raw,
      Sid: typeof raw.Sid === 'string' ? raw.Sid : sidOf(`Allow ${foreign.account} with ExternalId`),
      Condition: {
        ...condition,
        StringEquals: { ...((condition.StringEquals ?? {}) as Json), 'sts:ExternalId': value },
      },
    };
  });
  if (!changed) return undefined;
  const d = (typeof document === 'object' && document !== null ? document : {}) as Json;
  return { Version: typeof d.Version === 'string' ? d.Version : '2012-10-17', ...d, Statement: next };
}

/** The fix's own fields, without reading its (lazy, costly) re-check. */
function fixFields(fix: Fix): Fix {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(fix))
    if (key !== 'recheck') out[key] = (fix as unknown as Record<string, unknown>)[key];
  return out as unknown as Fix;
}

/** The statement of `document` that stands where `statement` stood: same Sid, else same Principal. */
function counterpart(document: Json, statement: unknown): Json | undefined {
  const s = (typeof statement === 'object' && statement !== null ? statement : {}) as Json;
  const list = statementsOf(document);
  const bySid = typeof s.Sid === 'string' ? list.find((x) => x.Sid === s.Sid) : undefined;
  return bySid ?? list.find((x) => JSON.stringify(x.Principal) === JSON.stringify(s.Principal));
}

const describe = (holes: FindingChange[]): string =>
  holes.map((h) => `${h.rule} (${h.severity}): ${h.message}`).join('; ');

/** `fix` with its re-check extended by the findings diff (the engine's re-check read on demand). */
function withFindings(fix: Fix, diff: FindingsDiff, base: () => FixRecheck | undefined): Fix {
  let value: FixRecheck | undefined;
  Object.defineProperty(fix, 'recheck', {
    enumerable: true,
    configurable: true,
    get: (): FixRecheck | undefined => {
      if (value) return value;
      const r = base();
      value = r ? { ...r, findings: diff } : undefined;
      return value;
    },
  });
  return fix;
}

/** Decides which fix (if any) `f` offers, running the rules before and after. */
function vet(rules: readonly Rule[], ctx: RuleContext, f: Finding, fix: Fix): Fix | undefined {
  const diff = findingsDiff(rules, ctx, fix);
  if (!diff) return fix;
  const original = Object.getOwnPropertyDescriptor(fix, 'recheck');
  const readOriginal = (): FixRecheck | undefined =>
    original?.get ? (original.get.call(fix) as FixRecheck | undefined) : (original?.value as FixRecheck);
  const holes = newHoles(diff, f.severity);
  if (holes.length === 0) return withFindings(fix, diff, readOriginal);
  const role = fix.policyKind === 'trust' ? ctx.index.rolesByArn.get(fix.target) : undefined;
  const bound = role ? bindExternalIds(ctx, role, fix.newDocument) : undefined;
  if (role && bound) {
    const boundDiff = findingsDiff(rules, ctx, fix, bound);
    if (boundDiff && newHoles(boundDiff, f.severity).length === 0) {
      const { addStatement, ...rest } = fixFields(fix);
      const alternative: Fix = {
        ...rest,
        summary: `${fix.summary} Each caller from another account must send sts:ExternalId (the condition below; agree the value with it): without it, the fix would add ${describe(holes)}.`,
        newDocument: bound,
      };
      const boundStatement = addStatement !== undefined ? counterpart(bound, addStatement) : undefined;
      if (boundStatement) alternative.addStatement = boundStatement;
      return withFindings(alternative, boundDiff, () => {
        const again = recheckOf(fix, bound);
        if (again) return again;
        const subject = readOriginal()?.subject;
        return subject !== undefined ? recheckTrust(ctx, role, { principal: subject }, bound) : undefined;
      });
    }
  }
  // Withdrawn: what stands in its place says why, where the fix is shown (dashboard, CLI, SARIF).
  return {
    summary: `No automatic fix: the change Rolechain would propose (${fix.summary}) adds findings as severe as this one — ${describe(holes)}. Fix it by hand, naming the exact callers and binding them with conditions.`,
    target: fix.target,
    policyKind: 'none',
    recheck: {
      ...(readOriginal() ?? {
        before: 'ImplicitDeny',
        after: 'ImplicitDeny',
        checked: 0,
        openedElsewhere: [],
      }),
      findings: diff,
    },
  };
}

/**
 * Makes each finding's trust or bucket-policy fix vetted when first read (see the module comment).
 * Findings whose fix changes no policy, or an identity policy, keep theirs as is.
 */
export function vetFixes(rules: readonly Rule[], ctx: RuleContext, findings: Finding[]): void {
  for (const f of findings) {
    const fix = f.fix;
    if (!fix || fix.newDocument === undefined) continue;
    if (fix.policyKind !== 'trust' && fix.policyKind !== 'bucket') continue;
    let done = false;
    let value: Fix | undefined;
    rememberUnvetted(f, fix);
    Object.defineProperty(f, 'fix', {
      enumerable: true,
      configurable: true,
      get: (): Fix | undefined => {
        if (!done) {
          done = true;
          value = vet(rules, ctx, f, fix);
        }
        return value;
      },
      set: (v: Fix | undefined) => {
        done = true;
        value = v;
        rememberUnvetted(f, v);
      },
    });
  }
}
