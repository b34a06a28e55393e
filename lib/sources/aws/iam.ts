/** IAM of one account: authorization details, instance profiles, identity providers, credential report. */
import type { GetAccountAuthorizationDetailsCommandOutput, InstanceProfile, Role } from '@aws-sdk/client-iam';
import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  GetOpenIDConnectProviderCommand,
  ListInstanceProfilesCommand,
  ListOpenIDConnectProvidersCommand,
  ListRolesCommand,
  ListSAMLProvidersCommand,
} from '@aws-sdk/client-iam';
import { readAuthorizationDetails } from '../authz-details';
import { readCredentialReport } from '../credential-report';
import {
  readInstanceProfiles,
  readOidcProvider,
  readOidcProviderList,
  readSamlProviders,
} from '../iam-extras';
import { readListRoles } from '../list-roles';
import type { Read } from '../read';
import type { AccountContext } from './context';
import { jsonify, noteGap, tryCall } from './context';

/** Pages of one paginated list; a loop guard stops a marker that does not move. */
const MAX_PAGES = 10_000;

const take = <T>(ctx: AccountContext, r: Read<T>, use: (v: T) => void): void => {
  for (const w of r.warnings) ctx.warn(w);
  if (r.value !== undefined) use(r.value);
};

/**
 * `GetAccountAuthorizationDetails` to the end: IAM may return fewer items than `MaxItems` while
 * more remain, so only `IsTruncated` ends it. Pages are merged, then read like the CLI's file.
 */
export async function collectAuthorizationDetails(ctx: AccountContext): Promise<void> {
  const action = 'iam:GetAccountAuthorizationDetails';
  const iam = ctx.clients('iam', ctx.opts.homeRegion);
  const merged = {
    UserDetailList: [] as unknown[],
    GroupDetailList: [] as unknown[],
    RoleDetailList: [] as unknown[],
    Policies: [] as unknown[],
  };
  let marker: string | undefined;
  const seen = new Set<string>();
  for (let page = 1; page <= MAX_PAGES; page++) {
    ctx.progress('iam', `reading IAM authorization details, page ${page}`, { api: action, done: page - 1 });
    const r = await tryCall(
      ctx,
      action,
      page > 1 ? `(page ${page}; the account's IAM data is incomplete)` : '',
      (abortSignal) =>
        iam.send(
          new GetAccountAuthorizationDetailsCommand({
            MaxItems: 1000,
            ...(marker ? { Marker: marker } : {}),
          }),
          { abortSignal },
        ),
    );
    if (!r.ok) break;
    const out: GetAccountAuthorizationDetailsCommandOutput = r.value;
    merged.UserDetailList.push(...(out.UserDetailList ?? []));
    merged.GroupDetailList.push(...(out.GroupDetailList ?? []));
    merged.RoleDetailList.push(...(out.RoleDetailList ?? []));
    merged.Policies.push(...(out.Policies ?? []));
    if (!out.IsTruncated || !out.Marker) break;
    if (seen.has(out.Marker)) {
      const message = `${action} in account ${ctx.account} returned the same Marker twice; stopped after page ${page}`;
      ctx.warn({ source: action, code: 'api-failed', message });
      noteGap(ctx, action, { call: action, code: 'repeated-marker', message });
      break;
    }
    seen.add(out.Marker);
    marker = out.Marker;
  }
  const file = `aws:${ctx.account}:${action}`;
  const read = readAuthorizationDetails(jsonify(merged), file);
  for (const w of read.warnings) ctx.warn(w);
  ctx.collector.addAuthz(read.part, file);
}

/**
 * `ListRoles` to the end, for each role's MaxSessionDuration: authorization details lack it. Merged
 * into the roles by ARN when the snapshot is assembled; without it (e.g. the permission is missing)
 * the limits stay unknown, with the failure as a warning.
 */
export async function collectListRoles(ctx: AccountContext): Promise<void> {
  const action = 'iam:ListRoles';
  const iam = ctx.clients('iam', ctx.opts.homeRegion);
  const all: Role[] = [];
  let marker: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const r = await tryCall(
      ctx,
      action,
      page > 1 ? `(page ${page}; the other roles' MaxSessionDuration stays unknown)` : '',
      (abortSignal) =>
        iam.send(new ListRolesCommand({ MaxItems: 1000, ...(marker ? { Marker: marker } : {}) }), {
          abortSignal,
        }),
    );
    if (!r.ok) break;
    all.push(...(r.value.Roles ?? []));
    if (!r.value.IsTruncated || !r.value.Marker || r.value.Marker === marker) break;
    marker = r.value.Marker;
  }
  if (all.length === 0) return;
  const file = `aws:${ctx.account}:${action}`;
  take(ctx, readListRoles(jsonify({ Roles: all }), file), (v) => ctx.collector.addListedRoles(v, file));
}

/** `ListInstanceProfiles`: also the profiles whose role was removed (authorization details omit them). */
export async function collectInstanceProfiles(ctx: AccountContext): Promise<void> {
  const action = 'iam:ListInstanceProfiles';
  const iam = ctx.clients('iam', ctx.opts.homeRegion);
  const all: InstanceProfile[] = [];
  let marker: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const r = await tryCall(ctx, action, '', (abortSignal) =>
      iam.send(new ListInstanceProfilesCommand({ MaxItems: 1000, ...(marker ? { Marker: marker } : {}) }), {
        abortSignal,
      }),
    );
    if (!r.ok) return;
    all.push(...(r.value.InstanceProfiles ?? []));
    if (!r.value.IsTruncated || !r.value.Marker || r.value.Marker === marker) break;
    marker = r.value.Marker;
  }
  take(
    ctx,
    readInstanceProfiles(jsonify({ InstanceProfiles: all }), `aws:${ctx.account}:${action}`, ctx.account),
    (v) => ctx.collector.addInstanceProfiles(v),
  );
}

/** OIDC providers (list, then each for its client ids) and SAML providers. */
export async function collectIdentityProviders(ctx: AccountContext): Promise<void> {
  const iam = ctx.clients('iam', ctx.opts.homeRegion);
  const listAction = 'iam:ListOpenIDConnectProviders';
  const list = await tryCall(ctx, listAction, '', (abortSignal) =>
    iam.send(new ListOpenIDConnectProvidersCommand({}), { abortSignal }),
  );
  if (list.ok) {
    const file = `aws:${ctx.account}:${listAction}`;
    const providers = readOidcProviderList(jsonify(list.value), file);
    take(ctx, providers, (v) => v.forEach((p) => ctx.collector.addProvider(p)));
    for (const p of providers.value ?? []) {
      const action = 'iam:GetOpenIDConnectProvider';
      const one = await tryCall(ctx, action, `on ${p.arn}`, (abortSignal) =>
        iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: p.arn }), { abortSignal }),
      );
      if (one.ok)
        take(
          ctx,
          readOidcProvider(jsonify(one.value), `aws:${ctx.account}:${action}:${p.arn}`, ctx.account),
          (v) => ctx.collector.addProvider({ ...v, arn: p.arn }),
        );
    }
  }
  const samlAction = 'iam:ListSAMLProviders';
  const saml = await tryCall(ctx, samlAction, '', (abortSignal) =>
    iam.send(new ListSAMLProvidersCommand({}), { abortSignal }),
  );
  if (saml.ok)
    take(ctx, readSamlProviders(jsonify(saml.value), `aws:${ctx.account}:${samlAction}`), (v) =>
      v.forEach((p) => ctx.collector.addProvider(p)),
    );
}

/**
 * The credential report: `GenerateCredentialReport` until it says COMPLETE (polled a bounded
 * number of times), then `GetCredentialReport`, whose content is the CSV the file reader reads.
 */
export async function collectCredentialReport(ctx: AccountContext): Promise<void> {
  const iam = ctx.clients('iam', ctx.opts.homeRegion);
  const gen = 'iam:GenerateCredentialReport';
  const { pollMs, maxPolls } = ctx.opts.credentialReport;
  let complete = false;
  for (let poll = 0; poll < maxPolls; poll++) {
    const r = await tryCall(ctx, gen, '', (abortSignal) =>
      iam.send(new GenerateCredentialReportCommand({}), { abortSignal }),
    );
    if (!r.ok) return;
    if (r.value.State === 'COMPLETE') {
      complete = true;
      break;
    }
    ctx.progress('iam', `credential report ${r.value.State ?? 'pending'}; waiting`, { api: gen, done: poll });
    if (poll + 1 < maxPolls) await ctx.call.sleep(pollMs, ctx.call.signal);
  }
  if (!complete) {
    const message = `the credential report of account ${ctx.account} was not ready after ${maxPolls} checks; users' keys, passwords and MFA are missing — run the refresh again`;
    ctx.warn({ source: gen, code: 'api-failed', message });
    noteGap(ctx, gen, { call: gen, code: 'not-ready', message });
    return;
  }
  const get = 'iam:GetCredentialReport';
  const r = await tryCall(ctx, get, '', (abortSignal) =>
    iam.send(new GetCredentialReportCommand({}), { abortSignal }),
  );
  if (!r.ok || !r.value.Content) return;
  const text = new TextDecoder().decode(r.value.Content);
  const file = `aws:${ctx.account}:${get}`;
  const read = readCredentialReport(text, file);
  for (const w of read.warnings) ctx.warn(w);
  ctx.collector.addCredentialReport(read.rows, file);
}
