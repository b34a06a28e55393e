import type { AssumeEvent } from './event';
import { accountOf } from './arn';

/**
 * Whether `child` was made with credentials `issuer` issued. A shared access key id alone is not
 * enough: documentation examples and test data reuse `AKIAIOSFODNN7EXAMPLE` everywhere, and an
 * IAM user's own long-lived key is not a session anyone issued. The link holds only when
 * - the key is temporary (`ASIA…`) and is the one in the issuer's `responseElements.credentials`;
 * - the caller is what that call creates: an `AssumedRole` session (whose ARN, when both records
 *   give it, is the issuer's `assumedRoleUser.arn`) for `AssumeRole*`; the same IAM user or root
 *   for `GetSessionToken`; a `FederatedUser` for `GetFederationToken`;
 * - and the accounts agree.
 */
export function issuedTo(issuer: AssumeEvent, child: AssumeEvent): boolean {
  const key = child.caller.accessKeyId;
  if (!key || !key.startsWith('ASIA') || issuer.issuedAccessKeyId !== key) return false;
  if (issuer.outcome !== 'success' || issuer === child) return false;
  const c = child.caller;
  switch (issuer.eventName) {
    case 'AssumeRole':
    case 'AssumeRoleWithSAML':
    case 'AssumeRoleWithWebIdentity': {
      if (c.type !== 'AssumedRole') return false;
      if (issuer.assumedRoleArn && c.arn && issuer.assumedRoleArn !== c.arn) return false;
      const account = accountOfSession(issuer);
      return !(account && c.accountId && account !== c.accountId);
    }
    case 'GetSessionToken': {
      if (c.type !== 'IAMUser' && c.type !== 'Root') return false;
      const by = issuer.caller;
      if (by.type !== c.type) return false;
      if (by.arn && c.arn && by.arn !== c.arn) return false;
      return !(by.accountId && c.accountId && by.accountId !== c.accountId);
    }
    case 'GetFederationToken': {
      if (c.type !== 'FederatedUser') return false;
      const by = issuer.caller.accountId;
      return !(by && c.accountId && by !== c.accountId);
    }
    default:
      return false;
  }
}

/** The account of the role session an `AssumeRole*` call created. */
function accountOfSession(e: AssumeEvent): string | undefined {
  const arn = e.assumedRoleArn ?? e.roleArn;
  return arn ? accountOf(arn) : undefined;
}
