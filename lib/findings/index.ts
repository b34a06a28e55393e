/**
 * `computeFindings`: every diagnostic rule over one snapshot, its graph and its CloudTrail events.
 * One rule per file in `./rules/`; this registry is the list the CLI, the API and SARIF show.
 */
import type { FindingsInput } from './context';
import { buildContext } from './context';
import type { Finding, Rule, Severity } from './types';
import { SEVERITIES } from './types';
import { assumeDrift } from './rules/assume-drift';
import { broadTrust } from './rules/broad-trust';
import { bucketPolicyDeniesRole } from './rules/bucket-policy-denies-role';
import { crossAccountNoExternalId } from './rules/cross-account-no-external-id';
import { deletedPrincipal } from './rules/deleted-principal';
import { deniedAttempt } from './rules/denied-attempt';
import { externalIdMismatch } from './rules/external-id-mismatch';
import { instanceProfileRole } from './rules/instance-profile-role';
import { instanceRoleNoEc2 } from './rules/instance-role-no-ec2';
import { instanceWithoutProfile } from './rules/instance-without-profile';
import { longLivedUserKeys } from './rules/long-lived-user-keys';
import { missingPermission } from './rules/missing-permission';
import { missingTrust } from './rules/missing-trust';
import { oidcWeakSubject } from './rules/oidc-weak-subject';
import { podsOnNodeRole } from './rules/pods-on-node-role';
import { roleChainingDuration } from './rules/role-chaining-duration';
import { unusedRole } from './rules/unused-role';
import { unusedTrustEntry } from './rules/unused-trust-entry';
import { wildcardAssumeRole } from './rules/wildcard-assume-role';
import { workloadRoleDenied } from './rules/workload-role-denied';
import { vetFixes } from './vet-fixes';
import { releaseTextMemos } from '../policy';

export type { Evidence, Finding, FindingChange, Fix, FixRecheck, Rule, Severity } from './types';
export { SEVERITIES } from './types';
export type { FindingsInput, RuleContext } from './context';
export { buildContext } from './context';
export { toSarif } from './sarif';
export { fixTarget, hasFix } from './fix-peek';

export const RULES: readonly Rule[] = [
  missingTrust,
  missingPermission,
  deletedPrincipal,
  crossAccountNoExternalId,
  externalIdMismatch,
  broadTrust,
  oidcWeakSubject,
  instanceRoleNoEc2,
  workloadRoleDenied,
  podsOnNodeRole,
  instanceProfileRole,
  instanceWithoutProfile,
  roleChainingDuration,
  wildcardAssumeRole,
  longLivedUserKeys,
  bucketPolicyDeniesRole,
  unusedRole,
  unusedTrustEntry,
  deniedAttempt,
  assumeDrift,
];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

/** Most severe first, then by rule id, then by finding id: the same input always gives the same order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    a.rule.localeCompare(b.rule) ||
    a.id.localeCompare(b.id)
  );
}

export interface ComputeOptions {
  /** Only these rule ids (all when absent). */
  rules?: readonly string[];
}

/**
 * Runs every rule (or those asked) and returns their findings sorted by severity then rule.
 * A rule that throws (a programmer error) is reported as an `info` finding rather than hiding the others.
 */
export function computeFindings(input: FindingsInput, options: ComputeOptions = {}): Finding[] {
  const ctx = buildContext(input);
  const wanted = options.rules ? new Set(options.rules) : undefined;
  const all: Finding[] = [];
  for (const rule of RULES) {
    if (wanted && !wanted.has(rule.id)) continue;
    try {
      all.push(...rule.run(ctx));
    } catch (e) {
      all.push({
        id: `rule-error:${rule.id}`,
        rule: rule.id,
        severity: 'info',
        title: `Rule ${rule.id} failed`,
        message: `The rule stopped with an internal error: ${e instanceof Error ? e.message : String(e)}`,
        nodes: [],
        edges: [],
        evidence: [],
      });
    }
  }
  // The same subject found twice by one rule (e.g. a statement listed twice) is one finding.
  const byId = new Map<string, Finding>();
  for (const f of all) if (!byId.has(f.id)) byId.set(f.id, f);
  // A fix is offered only if re-running every rule on the snapshot it leaves adds nothing as severe.
  vetFixes(RULES, ctx, [...byId.values()]);
  let heads: Set<string> | undefined;
  for (const f of byId.values()) {
    if (!f.related) continue;
    const kept = f.related.filter((r) => byId.has(r) || (heads ??= idHeads(byId.keys())).has(r));
    if (kept.length > 0) f.related = kept;
    else delete f.related;
  }
  // As `buildGraph` does when it is done: the engine's text caches the rules filled (split ARNs,
  // compiled patterns) are not needed by what is kept, and a fix's re-check read later fills its own.
  releaseTextMemos();
  return [...byId.values()].sort(compareFindings);
}

/**
 * Every text that some id continues with `#` (`rule:role#principal` gives `rule:role`; an id with two
 * `#` gives both heads), so "is there an id that starts with `r#`" is one look-up. Why: scanning every
 * id for each related id that is not itself a finding was quadratic in the findings (a CloudTrail of
 * many denied attempts at 100,000 findings).
 */
export function idHeads(ids: Iterable<string>): Set<string> {
  const heads = new Set<string>();
  for (const id of ids)
    for (let at = id.indexOf('#'); at >= 0; at = id.indexOf('#', at + 1)) heads.add(id.slice(0, at));
  return heads;
}
