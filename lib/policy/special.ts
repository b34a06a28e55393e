/**
 * AWS's documented exceptions to policy evaluation: actions that no policy can allow or deny, and
 * actions only some kinds of caller can make whatever the policies say. `evaluate()` asks `specialCase`
 * first; each answer names the page of the AWS documentation it comes from.
 */
import type { RequestPrincipal } from './principal';
import type { Decision } from './types';

export interface SpecialCase {
  decision: Decision;
  /** Shown as the reason, as is. */
  message: string;
  /** The AWS documentation page that says so. */
  source: string;
}

/** Callers that sign with credentials (not anonymous, not a service or an unknown string). */
const AUTHENTICATED: ReadonlySet<RequestPrincipal['kind']> = new Set([
  'role',
  'assumed-role',
  'user',
  'root',
  'federated-user',
]);

/** Callers with long-term credentials: an IAM user or the account's root user. */
const LONG_TERM: ReadonlySet<RequestPrincipal['kind']> = new Set(['user', 'root']);

const GET_CALLER_IDENTITY = 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html';
const GET_SESSION_TOKEN =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html';
const COMPARE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_request.html';
const GET_FEDERATION_TOKEN =
  'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html';

/** The exception that decides this request, if one does. `actionLc` is the lower-cased action. */
export function specialCase(actionLc: string, p: RequestPrincipal): SpecialCase | undefined {
  switch (actionLc) {
    case 'sts:getcalleridentity':
      if (!AUTHENTICATED.has(p.kind)) return undefined;
      return {
        decision: 'Allow',
        message: `${p.raw} may call sts:GetCallerIdentity whatever its policies say: no permissions are required and it cannot be denied by any policy, not even an explicit Deny (STS API reference, GetCallerIdentity)`,
        source: GET_CALLER_IDENTITY,
      };
    case 'sts:getsessiontoken':
      if (LONG_TERM.has(p.kind))
        return {
          decision: 'Allow',
          message: `${p.raw} may call sts:GetSessionToken whatever its policies say: no permissions are required, and policies cannot control this authentication operation (IAM User Guide, permissions for GetSessionToken)`,
          source: GET_SESSION_TOKEN,
        };
      if (p.kind === 'role' || p.kind === 'assumed-role' || p.kind === 'federated-user')
        return {
          decision: 'ImplicitDeny',
          message: `${p.raw} cannot call sts:GetSessionToken: only an IAM user or the root user can, with long-term credentials, whatever the policies allow (IAM User Guide, comparing the AWS STS credentials)`,
          source: COMPARE,
        };
      return undefined;
    case 'sts:getfederationtoken':
      // An IAM user still needs the permission (ordinary evaluation); other callers cannot call it at all.
      if (p.kind === 'role' || p.kind === 'assumed-role' || p.kind === 'federated-user')
        return {
          decision: 'ImplicitDeny',
          message: `${p.raw} cannot call sts:GetFederationToken: only an IAM user or the root user can, with long-term credentials, whatever the policies allow (STS API reference, GetFederationToken)`,
          source: GET_FEDERATION_TOKEN,
        };
      return undefined;
    default:
      return undefined;
  }
}
