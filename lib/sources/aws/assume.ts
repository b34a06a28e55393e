/**
 * Credentials of a member account's audit role, by `sts:AssumeRole` (with `sts:ExternalId` when
 * configured). They live only in this closure and the clients it is handed to: never returned,
 * logged or stored. Renewed five minutes before they expire, so a long collection keeps going.
 */
import type { STSClient } from '@aws-sdk/client-sts';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { CallResult, CallSettings } from './call';
import { call } from './call';
import type { AwsCredentials, CredentialProvider } from './clients';

const RENEW_BEFORE_MS = 5 * 60_000;

export interface AssumedRole {
  /** For the SDK: fresh credentials on every call, assuming again when near expiry. */
  provider: CredentialProvider;
  /** The first AssumeRole, whose failure the collector reports (no credentials in the result). */
  check(): Promise<CallResult<{ expiration?: string }>>;
}

export function assumeRole(
  sts: STSClient,
  request: { roleArn: string; externalId?: string; sessionName: string },
  settings: CallSettings,
  now: () => number = Date.now,
): AssumedRole {
  let held: AwsCredentials | undefined;
  let pending: Promise<CallResult<AwsCredentials>> | undefined;

  const fresh = (): boolean =>
    held !== undefined &&
    (held.expiration === undefined || held.expiration.getTime() - now() > RENEW_BEFORE_MS);

  const fetch = (): Promise<CallResult<AwsCredentials>> => {
    pending ??= call(settings, (abortSignal) =>
      sts.send(
        new AssumeRoleCommand({
          RoleArn: request.roleArn,
          RoleSessionName: request.sessionName,
          ...(request.externalId ? { ExternalId: request.externalId } : {}),
        }),
        { abortSignal },
      ),
    )
      .then((r): CallResult<AwsCredentials> => {
        if (!r.ok) return r;
        const c = r.value.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey)
          return {
            ok: false,
            failure: { kind: 'failed', code: 'NoCredentials', message: 'AssumeRole returned no credentials' },
          };
        held = {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
          ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}),
        };
        return { ok: true, value: held };
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };

  return {
    async provider() {
      if (fresh()) return held!;
      const r = await fetch();
      if (!r.ok) throw new Error(`could not assume ${request.roleArn}: ${r.failure.code}`);
      return r.value;
    },
    async check() {
      const r = fresh() ? ({ ok: true, value: held! } as const) : await fetch();
      if (!r.ok) return r;
      return { ok: true, value: r.value.expiration ? { expiration: r.value.expiration.toISOString() } : {} };
    },
  };
}
