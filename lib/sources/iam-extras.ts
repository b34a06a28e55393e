import { z } from 'zod';
import type { IdentityProvider, InstanceProfile } from '../model';
import { accountOf, parseArn } from '../model';
import { InstanceProfileDetail, toProfile } from './authz-details';
import type { Read } from './read';
import { issuesOf, readOk } from './read';

const InstanceProfiles = z.object({ InstanceProfiles: z.array(InstanceProfileDetail) });

/** `aws iam list-instance-profiles`: includes profiles whose role was removed (authz details do not). */
export function readInstanceProfiles(json: unknown, file: string, account?: string): Read<InstanceProfile[]> {
  const r = InstanceProfiles.safeParse(json);
  if (!r.success) return issuesOf(file, 'list-instance-profiles', r.error);
  return readOk(r.data.InstanceProfiles.map((p) => toProfile(p, account ?? '')));
}

const OidcList = z.object({ OpenIDConnectProviderList: z.array(z.object({ Arn: z.string() })) });

/** `aws iam list-open-id-connect-providers`: ARNs only; the URL is the ARN's resource after `oidc-provider/`. */
export function readOidcProviderList(json: unknown, file: string): Read<IdentityProvider[]> {
  const r = OidcList.safeParse(json);
  if (!r.success) return issuesOf(file, 'list-open-id-connect-providers', r.error);
  return readOk(
    r.data.OpenIDConnectProviderList.map((p) => {
      const ip: IdentityProvider = { arn: p.Arn, account: accountOf(p.Arn) ?? '', kind: 'oidc' };
      const resource = parseArn(p.Arn)?.resource;
      if (resource?.startsWith('oidc-provider/')) ip.url = resource.slice('oidc-provider/'.length);
      return ip;
    }),
  );
}

const OidcProvider = z.object({
  Url: z.string(),
  ClientIDList: z.array(z.string()).default([]),
  ThumbprintList: z.array(z.string()).default([]),
});

/** True for `get-open-id-connect-provider` output. */
export function isOidcProvider(json: unknown): boolean {
  return OidcProvider.safeParse(json).success;
}

/**
 * `aws iam get-open-id-connect-provider`: the output has no ARN, so the account comes from the
 * folder; IAM's ARN is `arn:aws:iam::<account>:oidc-provider/<url without https://>`.
 */
export function readOidcProvider(json: unknown, file: string, account: string): Read<IdentityProvider> {
  const r = OidcProvider.safeParse(json);
  if (!r.success) return issuesOf(file, 'get-open-id-connect-provider', r.error);
  const url = r.data.Url.replace(/^https:\/\//, '');
  return readOk({
    arn: `arn:aws:iam::${account}:oidc-provider/${url}`,
    account,
    kind: 'oidc',
    url,
    clientIds: r.data.ClientIDList,
  });
}

const SamlList = z.object({ SAMLProviderList: z.array(z.object({ Arn: z.string() })) });

/** `aws iam list-saml-providers`. */
export function readSamlProviders(json: unknown, file: string): Read<IdentityProvider[]> {
  const r = SamlList.safeParse(json);
  if (!r.success) return issuesOf(file, 'list-saml-providers', r.error);
  return readOk(
    r.data.SAMLProviderList.map((p) => ({ arn: p.Arn, account: accountOf(p.Arn) ?? '', kind: 'saml' })),
  );
}
