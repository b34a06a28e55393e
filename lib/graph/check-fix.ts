/**
 * The `fix` text of a failed chain-check step: what to change, the JSON statement, and the AWS CLI
 * command that applies it. Findings (lib/findings) produce the full re-checked fixes; these are the
 * quick answers a person running `rolechain check` needs.
 */
import type { Role } from '../model';
import { sh } from '../model/shell';
import {
  knownMaxSessionDuration,
  MAX_MAX_SESSION_DURATION,
  MAX_SESSION_DURATION_SOURCES,
  MIN_MAX_SESSION_DURATION,
} from '../model';
import { trustPrincipals } from '../policy';
import type { Evaluation } from '../policy/types';
import type { ResolvedResource } from './check-input';
import type { IamPrincipal } from './snapshot-index';

const json = (v: unknown): string => JSON.stringify(v);

/** Adds an identity statement to a role or user. */
export function actionFix(p: IamPrincipal, action: string, resource: string): string {
  const statement = { Sid: 'RolechainFix', Effect: 'Allow', Action: action, Resource: resource };
  const policy = json({ Version: '2012-10-17', Statement: [statement] });
  const cli =
    p.kind === 'role'
      ? sh`aws iam put-role-policy --role-name ${p.role.name} --policy-name rolechain-fix --policy-document ${policy}`
      : sh`aws iam put-user-policy --user-name ${p.user.name} --policy-name rolechain-fix --policy-document ${policy}`;
  return `allow ${action} on ${resource} in ${p.kind === 'role' ? p.role.name : p.user.name}'s policies: add ${json(statement)} — ${cli}`;
}

/** The ExternalIds the trust expects, when a failing condition of the trust is on `sts:ExternalId`. */
function expectedExternalIds(target: Role, ev: Evaluation): string[] {
  const onExternalId = ev.reasons.some((r) =>
    r.mismatches?.some((m) => m.element === 'Condition' && /sts:externalid/i.test(m.required)),
  );
  if (!onExternalId) return [];
  const out = new Set<string>();
  for (const tp of trustPrincipals(target.trustPolicy))
    if (tp.effect === 'Allow')
      for (const c of tp.conditions)
        if (c.key.toLowerCase() === 'sts:externalid') for (const v of c.values) out.add(v);
  return [...out];
}

/** Admits the caller in the target's trust, or says which ExternalId the trust expects. */
export function trustFix(target: Role, caller: string, ev: Evaluation, externalId?: string): string {
  const expected = expectedExternalIds(target, ev);
  if (expected.length > 0)
    return `the trust of ${target.name} requires sts:ExternalId ${expected.map((e) => `'${e}'`).join(' or ')}; ${externalId === undefined ? 'no ExternalId was given' : `'${externalId}' was given`}: set the caller's ExternalId (Doris s3.external_id, StarRocks aws.s3.external_id / aws.glue.external_id) to the value the trust expects, or change the trust's condition`;
  const statement = {
    Sid: 'RolechainFix',
    Effect: 'Allow',
    Principal: { AWS: caller },
    Action: 'sts:AssumeRole',
    ...(externalId !== undefined ? { Condition: { StringEquals: { 'sts:ExternalId': externalId } } } : {}),
  };
  return `admit ${caller} in the trust policy of ${target.name}: add ${json(statement)} to its Statement list — ${sh`aws iam update-assume-role-policy --role-name ${target.name} --policy-document file://trust.json`}`;
}

export function durationFix(
  requested: number,
  target: Pick<Role, 'name' | 'account' | 'maxSessionDuration' | 'maxSessionDurationKnown'> | undefined,
  chaining: boolean,
): string {
  if (chaining && requested > 3600)
    return `request at most 3600 s (a chained session cannot last longer; raising MaxSessionDuration does not help), or get the first credentials without a role (e.g. from the instance profile directly)`;
  const limit = target ? knownMaxSessionDuration(target) : undefined;
  if (target && limit !== undefined && requested > limit)
    return `request at most ${limit} s, or raise the limit: ${sh`aws iam update-role --role-name ${target.name} --max-session-duration ${Math.min(requested, MAX_MAX_SESSION_DURATION)}`}`;
  if (target && limit === undefined && requested > MIN_MAX_SESSION_DURATION)
    return `to decide this step, ${MAX_SESSION_DURATION_SOURCES} (account ${target.account}; ${sh`aws iam get-role --role-name ${target.name} --query Role.MaxSessionDuration`} shows it); or request at most ${MIN_MAX_SESSION_DURATION} s, which every role allows`;
  return 'request between 900 and 43200 seconds';
}

/** Removes the denying statement, or adds a grant to the resource policy for a cross-account caller. */
export function bucketFix(res: ResolvedResource, p: IamPrincipal, action: string, ev: Evaluation): string {
  const arn = p.kind === 'role' ? p.role.arn : p.user.arn;
  const deny = ev.reasons.find(
    (r) =>
      (r.policy.kind === 'resource' || r.policy.kind === 'rcp') &&
      r.effect === 'Deny' &&
      r.outcome === 'applies',
  );
  if (deny)
    return `the ${deny.policy.kind === 'rcp' ? 'RCP' : 'resource policy'} statement ${deny.statement?.sid ?? `#${deny.statement?.index ?? '?'}`} denies it: remove or narrow that statement${res.bucket ? ` (${sh`aws s3api put-bucket-policy --bucket ${res.bucket} --policy file://policy.json`})` : ''}`;
  const statement = {
    Sid: 'RolechainFix',
    Effect: 'Allow',
    Principal: { AWS: arn },
    Action: action,
    Resource: res.arn,
  };
  if (res.service === 's3' && res.bucket)
    return `grant ${arn} in the bucket policy (a cross-account caller needs both sides): add ${json(statement)} — ${sh`aws s3api put-bucket-policy --bucket ${res.bucket} --policy file://policy.json`}`;
  return `grant ${arn} in the resource policy of ${res.arn}: add ${json(statement)}`;
}
