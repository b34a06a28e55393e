/**
 * The access gate every request passes, whichever door it comes through: `proxy.ts` for pages and
 * `apiRoute()` (lib/server/api-route.ts) for every `/api` route handler. Framework-free (Web `URL` and
 * `Headers` only), so its rules are unit-tested as they are.
 *
 * 0. The `Host` header (`hostRefusal`): loopback names only on an open server, so a page whose DNS
 *    name was rebound to 127.0.0.1 cannot read it; the configured names with a token.
 * 1. Access control: the token or the authenticating proxy's header when one is configured
 *    (`auth.ts`); nothing changes on loopback without configuration.
 * 2. State-changing `/api` requests only from this dashboard's own pages (CSRF), with a JSON or
 *    multipart body (a cross-site HTML form can send neither).
 */
import type { AccessConfig } from './auth';
import { accessConfigFromEnv, decideAccess, hostRefusal } from './auth';
import { crossOriginReason } from './same-origin';
import { bodyTypeReason } from './security-headers';

export interface GateRequest {
  method: string;
  url: URL;
  headers: Headers;
}

/** Why a request does not reach its page or handler, as the response that says so should say it. */
export type GateRefusal =
  | { kind: 'refuse'; status: 401 | 403 | 415 | 500; code: string; message: string }
  | { kind: 'login'; location: string; cookie: string };

let access: AccessConfig | undefined;
/** The access configuration from the environment, read once; its error message when it is invalid. */
function accessConfig(): AccessConfig | string {
  if (access) return access;
  const r = accessConfigFromEnv(process.env);
  if (!r.ok) return r.error.message;
  access = r.value;
  return access;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Undefined when the request may proceed; otherwise the refusal. `config` is for tests; the server
 * reads its own from the environment.
 */
export function gate(
  req: GateRequest,
  isApi: boolean,
  config: AccessConfig | string = accessConfig(),
): GateRefusal | undefined {
  if (typeof config === 'string')
    return {
      kind: 'refuse',
      status: 500,
      code: 'internal',
      message: `the server is misconfigured: ${config}`,
    };
  // The Host header as the client sent it: never X-Forwarded-Host, which the client can also set.
  const badHost = hostRefusal(config, req.headers.get('host'));
  if (badHost)
    return {
      kind: 'refuse',
      status: 403,
      code: 'forbidden_host',
      message:
        config.mode === 'open'
          ? `This server has no access token, so it answers only to 127.0.0.1, localhost and [::1], not ${badHost}. To reach it by another name, start it with an access token and list the name in ROLECHAIN_ALLOWED_HOSTS.`
          : `This server answers only to the names in ROLECHAIN_ALLOWED_HOSTS and loopback, not ${badHost}.`,
    };
  const decision = decideAccess(config, req);
  if (decision.kind === 'deny') {
    const hint = isApi
      ? 'Send it as `Authorization: Bearer <token>`.'
      : 'Open this address once with ?token=<the access token> added.';
    return { kind: 'refuse', status: 401, code: 'unauthorized', message: `${decision.reason}. ${hint}` };
  }
  if (decision.kind === 'login') return decision;
  if (isApi && !SAFE_METHODS.has(req.method)) {
    const cross = crossOriginReason(req.headers);
    if (cross)
      return {
        kind: 'refuse',
        status: 403,
        code: 'forbidden_origin',
        message: `Changes are accepted only from this dashboard's own pages, not ${cross}.`,
      };
    const body = bodyTypeReason(req.method, req.headers);
    if (body)
      return {
        kind: 'refuse',
        status: 415,
        code: 'unsupported_media_type',
        message: `Send application/json or multipart/form-data, not ${body}.`,
      };
  }
  return undefined;
}
