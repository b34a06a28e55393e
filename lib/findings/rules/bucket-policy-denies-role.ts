/**
 * A bucket policy explicitly denies a role whose own policies grant it that bucket: the chain reaches
 * the role and stops at step 5, whatever the role's permissions say.
 */
import type { Bucket, Role } from '../../model';
import { allowedResourcePatterns, parsePolicy } from '../../policy';
import type { RuleContext } from '../context';
import { evaluateAccess, recheckBucket } from '../engine';
import { evidenceOf, finding, withRecheck } from '../fixes';
import type { Json } from '../patch';
import { bucketPolicyCli, listOf, oneOrMany, replaceStatement, statementsOf } from '../patch';
import type { Finding, Rule } from '../types';

const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket'] as const;

/** `arn:aws:s3:::bucket/doris/*` → `{ bucket, resource: arn:aws:s3:::bucket/doris/rolechain-check }`. */
function sampleOf(pattern: string): { bucket: string; resource: string } | undefined {
  const m = /^arn:aws:s3:::([^/*?]+)(\/.*)?$/.exec(pattern);
  if (!m?.[1]) return undefined;
  const rest = (m[2] ?? '').replace(/\*/g, 'rolechain-check').replace(/\?/g, 'x');
  return { bucket: m[1], resource: `arn:aws:s3:::${m[1]}${rest}` };
}

/** The deny statement without the role: out of its Principal list, or excepted by `aws:PrincipalArn`. */
function exempt(raw: Json, role: Role): Json | undefined {
  const principal = raw.Principal;
  if (typeof principal === 'object' && principal !== null) {
    const p = principal as Json;
    const aws = listOf(p.AWS);
    if (aws.includes(role.arn)) {
      const left = aws.filter((a) => a !== role.arn);
      const rest = Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'AWS'));
      const next = left.length > 0 ? { ...rest, AWS: oneOrMany(left) } : rest;
      return Object.keys(next).length > 0 ? { ...raw, Principal: next } : undefined;
    }
  }
  const cond = { ...((raw.Condition ?? {}) as Json) };
  const op = 'ArnNotEquals';
  const body = { ...((cond[op] ?? {}) as Json) };
  const existing = listOf(body['aws:PrincipalArn']);
  body['aws:PrincipalArn'] = oneOrMany([...existing, role.arn]);
  cond[op] = body;
  return { ...raw, Condition: cond };
}

/** Keys the engine knows of a principal at analysis time; a Deny conditioned on anything else stays open. */
const PRINCIPAL_KEYS = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalisawsservice',
  'aws:principalservicename',
  'aws:userid',
  'aws:username',
  'aws:resourceaccount',
]);

/**
 * Only a Deny whose conditions are all about who the principal is can come out as an outright
 * ExplicitDeny in open context (a TLS or IP condition stays open): the buckets worth asking about.
 */
function mayDenyOutright(policy: unknown): boolean {
  return parsePolicy(policy, 'resource', 'lenient').document.statements.some(
    (st) =>
      st.effect === 'Deny' &&
      st.conditions.every(
        (c) => PRINCIPAL_KEYS.has(c.key.toLowerCase()) || c.key.toLowerCase().startsWith('aws:principaltag/'),
      ),
  );
}

export const bucketPolicyDeniesRole: Rule = {
  id: 'bucket-policy-denies-role',
  title: 'Bucket policy denies a role the chain needs',
  severity: 'high',
  description:
    "The role's identity policies grant it the bucket, but the bucket policy explicitly denies it; an explicit deny wins, so the chain fails at the resource step.",
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const buckets = new Map<string, Bucket>();
    for (const b of ctx.snapshot.buckets)
      if (b.policy !== undefined && mayDenyOutright(b.policy)) buckets.set(b.name, b);
    if (buckets.size === 0) return out;
    for (const role of ctx.snapshot.roles) {
      const policies = ctx.index.identityPolicies({ kind: 'role', role });
      const denied = new Map<string, { bucket: Bucket; action: string; resource: string }[]>();
      for (const action of ACTIONS) {
        for (const p of allowedResourcePatterns(policies, action)) {
          const s = sampleOf(p.pattern);
          const bucket = s ? buckets.get(s.bucket) : undefined;
          if (!s || !bucket) continue;
          const resource = action === 's3:ListBucket' ? `arn:aws:s3:::${s.bucket}` : s.resource;
          const ev = evaluateAccess(ctx, { principal: role.arn, action, resource, bucket });
          if (ev.decision !== 'ExplicitDeny') continue;
          if (
            !ev.reasons.some(
              (r) => r.policy.kind === 'resource' && r.effect === 'Deny' && r.outcome === 'applies',
            )
          )
            continue;
          const list = denied.get(bucket.name) ?? [];
          if (!list.some((x) => x.action === action)) list.push({ bucket, action, resource });
          denied.set(bucket.name, list);
        }
      }
      for (const [name, list] of denied) {
        const first = list[0];
        if (!first) continue;
        const ev = evaluateAccess(ctx, {
          principal: role.arn,
          action: first.action,
          resource: first.resource,
          bucket: first.bucket,
        });
        const deny = ev.reasons.find(
          (r) =>
            r.policy.kind === 'resource' && r.effect === 'Deny' && r.outcome === 'applies' && r.statement,
        );
        const index = deny?.statement?.index ?? 0;
        const raw = statementsOf(first.bucket.policy)[index] ?? {};
        const replacement = exempt(raw, role);
        const newDocument = replaceStatement(first.bucket.policy, index, replacement);
        const { cli, file } = bucketPolicyCli(name);
        out.push(
          finding(this, `${role.arn}->s3://${name}`, {
            message: `The bucket policy of ${name} explicitly denies ${role.name} ${list.map((x) => x.action).join(', ')}, which its own policies allow.`,
            nodes: [role.arn, `arn:aws:s3:::${name}`],
            edges: [],
            evidence: evidenceOf(ev, `s3://${name}`),
            fix: withRecheck(
              {
                summary: replacement
                  ? `Exempt ${role.name} from statement ${deny?.statement?.sid ?? index} of the bucket policy of ${name}.`
                  : `Remove statement ${deny?.statement?.sid ?? index} (it denies only ${role.name}) from the bucket policy of ${name}.`,
                target: `s3://${name}`,
                policyKind: 'bucket',
                ...(deny?.statement ? { removeStatement: deny.statement } : {}),
                ...(replacement ? { addStatement: replacement } : {}),
                newDocument,
                cli,
                file,
              },
              () =>
                recheckBucket(
                  ctx,
                  first.bucket,
                  { principal: role.arn, action: first.action, resource: first.resource },
                  newDocument,
                ),
            ),
            ...(first.bucket.account !== undefined ? { account: first.bucket.account } : {}),
          }),
        );
      }
    }
    return out;
  },
};
