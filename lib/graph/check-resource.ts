/** Steps 4 and 5 of the chain check: the target role on the resource, and the resource's own policies (bucket, Glue catalog, KMS key, RCPs). */
import { allowedResourcePatterns } from '../policy';
import type { Evaluation, PolicyInput } from '../policy/types';
import { DATA_CONTEXT } from './access';
import type { ChainStep } from './check-core';
import { decide, note, step, worst } from './check-core';
import { actionFix, bucketFix } from './check-fix';
import type { ChainCheckRequest, ResolvedResource } from './check-input';
import { isBucketAction } from './check-input';
import { evaluatePrincipal } from './engine';
import type { IamPrincipal, SnapshotIndex } from './snapshot-index';
import { principalAccount } from './snapshot-index';

export function stepsFourFive(
  sx: SnapshotIndex,
  p: IamPrincipal,
  action: string,
  res: ResolvedResource,
  req: ChainCheckRequest,
): ChainStep[] {
  const ctx = { ...DATA_CONTEXT, ...res.context };
  const resourcePolicy = resourcePolicyOf(sx, res);
  const side = {
    resource: res.arn,
    ...(res.account !== undefined ? { resourceAccount: res.account } : {}),
    ...(resourcePolicy ? { policy: resourcePolicy } : {}),
  };
  // Every ARN the call is authorised on must allow it (Glue: catalog, database, table); the worst decides.
  const arns = [res.arn, ...(res.also ?? [])];
  const own = decide((mode) =>
    worst(
      arns.map((resource) =>
        evaluatePrincipal(sx, p, action, { resource }, mode, ctx, { identityOnly: true }),
      ),
    ),
  );
  const both = decide((mode) =>
    worst(arns.map((resource) => evaluatePrincipal(sx, p, action, { ...side, resource }, mode, ctx))),
  );
  const roleName = p.kind === 'role' ? p.role.name : p.user.name;
  const out: ChainStep[] = [];
  if (own.status !== 'pass' && both.status === 'pass')
    out.push(
      step(4, 'pass', [
        note(
          'resource',
          resourcePolicy?.name ?? res.arn,
          'applies',
          `${roleName}'s own policies do not allow it, but the resource policy grants it in the same account`,
        ),
        ...both.ev.reasons,
      ]),
    );
  else
    out.push(
      step(4, own.status, own.ev.reasons, {
        ...(own.open ? { openConditions: own.open } : {}),
        ...(own.status === 'fail' ? { fix: actionFix(p, action, res.arn) } : {}),
      }),
    );

  const resourceReasons = both.ev.reasons.filter(
    (r) => r.policy.kind === 'resource' || r.policy.kind === 'rcp',
  );
  const resourceOpen = (both.open ?? []).filter(
    (c) => c.policy.kind === 'resource' || c.policy.kind === 'rcp',
  );
  let five: ChainStep;
  if (both.status === 'fail' && (own.status === 'pass' || deniedByResource(both.ev))) {
    five = step(5, 'fail', resourceReasons, { fix: bucketFix(res, p, action, both.ev) });
  } else if (both.status === 'conditional' && resourceOpen.length > 0) {
    five = step(5, 'conditional', resourceReasons, { openConditions: resourceOpen });
  } else if (
    res.service === 's3' &&
    resourcePolicy === undefined &&
    !(res.bucket !== undefined && sx.bucketsByName.has(res.bucket))
  ) {
    five = step(5, 'conditional', [
      note(
        'resource',
        res.arn,
        'missing',
        `the bucket ${res.bucket ?? ''} is not in the snapshot: its policy could not be read`,
      ),
    ]);
  } else if (
    res.service === 'glue' &&
    res.account !== undefined &&
    res.account !== principalAccount(p) &&
    !sx.glueByAccountRegion.has(`${res.account}/${res.region ?? ''}`)
  ) {
    // A catalog in another account answers only if its Glue resource policy grants the role.
    five = step(5, 'conditional', [
      note(
        'resource',
        res.arn,
        'missing',
        `the Glue catalog is in account ${res.account}${res.region ? ` (${res.region})` : ''}, which is not in the snapshot: its resource policy must grant ${action} to ${p.kind === 'role' ? p.role.arn : p.user.arn}, and it could not be read`,
      ),
    ]);
  } else {
    // Whatever fails is on the role's side (step 4); the resource's own policy does not stop the call.
    five = step(
      5,
      'pass',
      resourceReasons.length > 0
        ? resourceReasons
        : [
            note(
              'resource',
              resourcePolicy?.name ?? res.arn,
              'not-applicable',
              resourcePolicy
                ? `nothing in the ${resourcePolicy.name} stops it`
                : 'the resource has no policy of its own, and no RCP stops the call',
            ),
          ],
    );
  }
  if (five.status === 'pass' && res.service === 's3') five = withKms(sx, p, action, res, req, five);
  out.push(five);
  return out;
}

/** An explicit Deny in the resource policy or an RCP (an implicit one only matters when the role's side allows). */
const deniedByResource = (ev: Evaluation): boolean =>
  ev.decision === 'ExplicitDeny' &&
  ev.reasons.some(
    (r) =>
      (r.policy.kind === 'resource' || r.policy.kind === 'rcp') &&
      r.effect === 'Deny' &&
      r.outcome === 'applies',
  );

function resourcePolicyOf(sx: SnapshotIndex, res: ResolvedResource): PolicyInput | undefined {
  if (res.service === 's3' && res.bucket !== undefined) {
    const b = sx.bucketsByName.get(res.bucket);
    return b?.policy !== undefined
      ? { name: `bucket policy of ${res.bucket}`, document: b.policy }
      : undefined;
  }
  if (res.service === 'glue' && res.account !== undefined && res.region !== undefined) {
    const c = sx.glueByAccountRegion.get(`${res.account}/${res.region}`);
    return c?.policy !== undefined
      ? { name: `Glue catalog policy of ${res.account} ${res.region}`, document: c.policy }
      : undefined;
  }
  return undefined;
}

const READS = /^s3:(get|list|head)/i;

/** SSE-KMS: the key policy and the role's policies must both let it use the key (Decrypt to read, GenerateDataKey to write). */
function withKms(
  sx: SnapshotIndex,
  p: IamPrincipal,
  action: string,
  res: ResolvedResource,
  req: ChainCheckRequest,
  five: ChainStep,
): ChainStep {
  const keyArn = req.kmsKey ?? guessKey(sx, p, res);
  if (keyArn === undefined || isBucketAction(action)) return five;
  const key = sx.kmsByArn.get(keyArn);
  const kmsAction = READS.test(action) ? 'kms:Decrypt' : 'kms:GenerateDataKey';
  const policy: PolicyInput | undefined =
    key?.policy !== undefined
      ? { name: `key policy of ${keyArn}`, arn: keyArn, document: key.policy }
      : undefined;
  if (!policy)
    return {
      ...five,
      reasons: [
        ...five.reasons,
        note(
          'resource',
          keyArn,
          'missing',
          `the key policy of ${keyArn} is not in the snapshot: ${kmsAction} could not be checked`,
        ),
      ],
    };
  const d = decide((mode) =>
    evaluatePrincipal(
      sx,
      p,
      kmsAction,
      { resource: keyArn, resourceAccount: key?.account ?? '', policy },
      mode,
      { 'kms:ViaService': `s3.${res.region ?? key?.region ?? 'us-east-1'}.amazonaws.com` },
    ),
  );
  const head = note(
    'resource',
    `key policy of ${keyArn}`,
    d.status === 'pass' ? 'applies' : 'missing',
    `objects are encrypted with ${keyArn}${req.kmsKey ? '' : " (the key the role's policies name)"}: ${kmsAction} is ${d.status === 'pass' ? 'allowed' : d.status === 'conditional' ? 'allowed only under conditions' : 'not allowed'}`,
  );
  const reasons = [
    ...five.reasons,
    { ...head, policy: { kind: 'resource' as const, name: `key policy of ${keyArn}`, arn: keyArn } },
    ...d.ev.reasons,
  ];
  return {
    ...five,
    status: d.status,
    reasons,
    ...(d.open ? { openConditions: d.open } : {}),
    ...(d.status === 'fail'
      ? {
          fix: `allow ${kmsAction} on ${keyArn} for ${p.kind === 'role' ? p.role.arn : p.user.arn} in the key policy and in the role's policy`,
        }
      : {}),
  };
}

/** The one KMS key in the snapshot that the role's policies allow Decrypt on, in the bucket's account. */
function guessKey(sx: SnapshotIndex, p: IamPrincipal, res: ResolvedResource): string | undefined {
  const candidates = sx.snapshot.kmsKeys.filter(
    (k) => res.account === undefined || k.account === res.account,
  );
  if (candidates.length === 0) return undefined;
  const patterns = new Set(
    allowedResourcePatterns(sx.identityPolicies(p), 'kms:Decrypt').map((a) => a.pattern),
  );
  const named = candidates.filter((k) => patterns.has(k.arn));
  return named.length === 1 ? named[0]?.arn : undefined;
}
