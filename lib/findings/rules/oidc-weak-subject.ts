/**
 * Web-identity (OIDC) trust that does not pin the token's subject and audience. For GitHub Actions
 * (`token.actions.githubusercontent.com`) a missing `sub` lets any repository on GitHub assume the role,
 * and `repo:org/*` lets every repository and branch of the organisation do so.
 */
import type { ConditionEntry } from '../../policy';
import type { RuleContext } from '../context';
import { roleOfEvent, trustOf } from '../context';
import { evaluateAssume, isDeny, recheckTrust } from '../engine';
import { finding } from '../fixes';
import type { Json } from '../patch';
import { oneOrMany, replaceStatement, statementsOf, trustCli } from '../patch';
import type { Finding, Rule, Severity } from '../types';

const GITHUB = 'token.actions.githubusercontent.com';
const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';

/** `arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com` → the host (and path). */
export const providerHost = (value: string): string =>
  value.replace(/^arn:[^:]+:iam::\d{12}:oidc-provider\//, '');

const hasWildcard = (v: string): boolean => v.includes('*') || v.includes('?');

/** For GitHub, a wildcard before the repository name ends (`repo:org/*`, `*`) admits other repositories. */
function wideSubject(host: string, v: string): boolean {
  if (!hasWildcard(v)) return false;
  if (host !== GITHUB) return true;
  const m = /^repo:([^/]*)\/([^:]*)/.exec(v);
  return !m || hasWildcard(m[1] ?? '*') || hasWildcard(m[2] ?? '*');
}

const ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const worst = (a: Severity, b: Severity): Severity => (ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b);

export const oidcWeakSubject: Rule = {
  id: 'oidc-weak-subject',
  title: 'OIDC trust with a missing or wildcard sub/aud',
  severity: 'critical',
  description:
    'A trust statement for a web-identity provider must pin the token subject (":sub") to the exact workloads and the audience (":aud") to the client id; GitHub\'s "repo:org/*" admits every repository and branch of the organisation, and no sub at all admits every GitHub repository.',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const role of ctx.snapshot.roles) {
      for (const p of trustOf(role)) {
        if (p.kind !== 'federated' || p.effect !== 'Allow' || p.negated || p.invalid) continue;
        if (!p.actions.includes(WEB_IDENTITY)) continue;
        const host = providerHost(p.value);
        const keyOf = (c: ConditionEntry): string => c.key.toLowerCase();
        const subs = p.conditions.filter(
          (c) => keyOf(c) === `${host}:sub`.toLowerCase() && !c.operator.toLowerCase().includes('not'),
        );
        const auds = p.conditions.filter(
          (c) => keyOf(c) === `${host}:aud`.toLowerCase() && !c.operator.toLowerCase().includes('not'),
        );
        const problems: string[] = [];
        let severity: Severity = 'info';
        if (subs.length === 0) {
          problems.push(`no condition on ${host}:sub`);
          severity = worst(severity, host === GITHUB ? 'critical' : 'high');
        } else {
          const wide = subs.flatMap((c) => c.values).filter((v) => wideSubject(host, v));
          if (wide.length > 0) {
            problems.push(`${host}:sub admits ${wide.join(', ')}`);
            severity = worst(severity, wide.some((v) => /^[*?]+$/.test(v)) ? 'critical' : 'high');
          }
        }
        if (auds.length === 0) {
          problems.push(`no condition on ${host}:aud`);
          severity = worst(severity, 'medium');
        } else if (auds.some((c) => c.values.some(hasWildcard))) {
          problems.push(`${host}:aud has a wildcard`);
          severity = worst(severity, 'medium');
        }
        if (problems.length === 0) continue;
        // Pin to the subjects CloudTrail shows using the role.
        const seen = new Set<string>();
        for (const e of ctx.assumeEvents)
          if (
            e.eventName === 'AssumeRoleWithWebIdentity' &&
            e.outcome === 'success' &&
            e.subject &&
            roleOfEvent(ctx, e) === role
          )
            seen.add(e.subject);
        const observed = [...seen].sort();
        const provider = ctx.index.providersByArn.get(p.value);
        const audience = host === GITHUB ? ['sts.amazonaws.com'] : (provider?.clientIds ?? []);
        const raw = statementsOf(role.trustPolicy)[p.statement.index] ?? {};
        // For GitHub, deployments come from the default branch or an environment; a feature branch of a
        // sandbox repository that happened to get in is exactly what the wide sub let through.
        const deploying =
          host === GITHUB
            ? observed.filter((v) => /:ref:refs\/heads\/(main|master)$|:environment:/.test(v))
            : observed;
        const pinned = deploying.length > 0 ? deploying : observed;
        const dropped = observed.filter((v) => !pinned.includes(v));
        const exactSubs =
          pinned.length > 0 ? pinned : subs.flatMap((c) => c.values).filter((v) => !wideSubject(host, v));
        // Keys the new StringEquals replaces; a wide sub stays when there is nothing exact to put instead.
        const replaced = new Set([
          `${host}:aud`.toLowerCase(),
          ...(exactSubs.length > 0 ? [`${host}:sub`.toLowerCase()] : []),
        ]);
        const kept = Object.fromEntries(
          Object.entries((raw.Condition ?? {}) as Json)
            .map(([op, body]) => [
              op,
              Object.fromEntries(
                Object.entries((body ?? {}) as Json).filter(([k]) => !replaced.has(k.toLowerCase())),
              ),
            ])
            .filter(([, body]) => Object.keys(body as Json).length > 0),
        ) as Json;
        const equals: Json = { ...((kept.StringEquals ?? {}) as Json) };
        if (audience.length > 0) equals[`${host}:aud`] = oneOrMany(audience);
        if (exactSubs.length > 0) equals[`${host}:sub`] = oneOrMany(exactSubs);
        const condition: Json = { ...kept, StringEquals: equals };
        const replacement: Json = { ...raw, Condition: condition };
        const newDocument = replaceStatement(role.trustPolicy, p.statement.index, replacement);
        // The probe: a repository of the same organisation that never used the role.
        const org = /^repo:([^/*?]+)\//.exec(subs[0]?.values[0] ?? '')?.[1] ?? 'someone-else';
        const probeSub =
          host === GITHUB ? `repo:${org}/rolechain-probe:ref:refs/heads/main` : 'rolechain-probe';
        const ctxFor = (sub: string) => ({
          [`${host}:sub`]: sub,
          [`${host}:aud`]: audience[0] ?? 'sts.amazonaws.com',
        });
        const recheck = recheckTrust(
          ctx,
          role,
          { principal: p.value, action: WEB_IDENTITY, context: ctxFor(probeSub), mode: 'complete' },
          newDocument,
        );
        // Every subject that really uses the role must still get in.
        const lost = observed.filter((s) =>
          isDeny(
            evaluateAssume(ctx, {
              principal: p.value,
              role,
              action: WEB_IDENTITY,
              trust: newDocument,
              context: ctxFor(s),
              mode: 'complete',
            }).decision,
          ),
        );
        recheck.closedElsewhere = [
          ...(recheck.closedElsewhere ?? []),
          ...lost.map((s) => `${p.value} sub=${s}`),
        ];
        const { cli, file } = trustCli(role.name);
        out.push(
          finding(this, `${role.arn}#${p.value}`, {
            severity,
            message: `${role.name} trusts ${host} with ${problems.join('; ')}.`,
            nodes: [role.arn, p.value],
            edges: [],
            evidence: [
              {
                owner: role.arn,
                policy: { kind: 'trust', name: `trust policy of ${role.name}`, arn: role.arn },
                statement: p.statement,
                text: problems.join('; ') + '.',
              },
              ...(observed.length > 0
                ? [
                    {
                      text: `CloudTrail shows web-identity sessions only from: ${observed.join(', ')}.${
                        dropped.length > 0
                          ? ` Not kept by the fix (not a default branch or environment): ${dropped.join(', ')}.`
                          : ''
                      }`,
                    },
                  ]
                : []),
            ],
            fix: {
              summary:
                exactSubs.length > 0
                  ? `Pin ${host}:sub to ${exactSubs.join(', ')} and ${host}:aud to ${audience.join(', ') || 'the client id'} with StringEquals.`
                  : `Pin ${host}:aud to ${audience.join(', ') || 'the client id'} and add a StringEquals ${host}:sub naming the exact repository and branch.`,
              target: role.arn,
              policyKind: 'trust',
              removeStatement: p.statement,
              addStatement: replacement,
              newDocument,
              cli,
              file,
              recheck,
            },
            account: role.account,
          }),
        );
      }
    }
    return out;
  },
};
