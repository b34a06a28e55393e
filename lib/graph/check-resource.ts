/** Steps 4 and 5 of the chain check: the target role on the resource, and the resource's own policies (bucket, Glue catalog, KMS key, RCPs). */
import type { Evaluation, PolicyInput } from '../policy/types';
import { DATA_CONTEXT } from './access';
import type { ChainStep } from './check-core';
import { decide, note, step, worst } from './check-core';
import { actionFix, bucketFix } from './check-fix';
import { withKms } from './check-kms';
import type { ChainCheckRequest, ResolvedResource } from './check-input';
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
        // The role's own side alone: a Glue ARN names its account, and without this the engine would
        // read the call as cross-account with no resource policy, failing step 4 for the catalog's sake.
        evaluatePrincipal(sx, p, action, { resource, resourceAccount: principalAccount(p) }, mode, ctx, {
          identityOnly: true,
        }),
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
  const unread = unreadResourcePolicy(sx, p, action, res, resourcePolicy);
  let five: ChainStep;
  if (both.status === 'fail' && deniedByResource(both.ev)) {
    five = step(5, 'fail', resourceReasons, { fix: bucketFix(res, p, action, both.ev) });
  } else if (unread) {
    // A policy not read is unknown, never a deny: "no resource policy was given" is not what AWS holds.
    five = step(5, 'conditional', [unread]);
  } else if (both.status === 'fail' && own.status === 'pass') {
    five = step(5, 'fail', resourceReasons, { fix: bucketFix(res, p, action, both.ev) });
  } else if (both.status === 'conditional' && resourceOpen.length > 0) {
    five = step(5, 'conditional', resourceReasons, { openConditions: resourceOpen });
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
  if (five.status !== 'fail' && res.service === 's3') five = withKms(sx, p, action, res, req, five);
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

/** Why the resource's own policy is unknown: a bucket, or another account's Glue catalog, the snapshot did not read. */
function unreadResourcePolicy(
  sx: SnapshotIndex,
  p: IamPrincipal,
  action: string,
  res: ResolvedResource,
  resourcePolicy: PolicyInput | undefined,
): ReturnType<typeof note> | undefined {
  if (
    res.service === 's3' &&
    resourcePolicy === undefined &&
    !(res.bucket !== undefined && sx.bucketsByName.has(res.bucket))
  )
    return note(
      'resource',
      res.arn,
      'missing',
      `the bucket ${res.bucket ?? ''} is not in the snapshot: its policy could not be read (\`aws s3api get-bucket-policy --bucket ${res.bucket ?? '<bucket>'}\` in its account, s3:GetBucketPolicy)`,
    );
  if (
    res.service === 'glue' &&
    res.account !== undefined &&
    res.account !== principalAccount(p) &&
    !sx.glueByAccountRegion.has(`${res.account}/${res.region ?? ''}`)
  )
    // A catalog in another account answers only if its Glue resource policy grants the role.
    return note(
      'resource',
      res.arn,
      'missing',
      `the Glue catalog is in account ${res.account}${res.region ? ` (${res.region})` : ''}, whose catalog policy is not in the snapshot: it must grant ${action} to ${p.kind === 'role' ? p.role.arn : p.user.arn}; \`aws glue get-resource-policy --region ${res.region ?? '<region>'}\` in account ${res.account} (glue:GetResourcePolicy) settles it`,
    );
  return undefined;
}
