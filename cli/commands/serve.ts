import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Io } from '../io';
import { supervise } from '../supervise';
import { packageRoot } from '../package-root';
import type { Result } from '../../lib/model';
import { accessConfigFromEnv, newToken, TOKEN_PARAM, validateToken } from '../../lib/server/auth';
import { exposureRefusal } from '../../lib/server/exposure';

const USAGE = `usage: rolechain serve [--host HOST] [--port PORT] [--token-file FILE] [--no-build]
       rolechain serve --new-token

Runs the production dashboard: in a checkout, the build in .next (made first if there is none);
from an installed package, the prebuilt server it ships (dist/web). It listens on 127.0.0.1
unless --host says otherwise. On any other interface it refuses to start unless an access token is
set (ROLECHAIN_TOKEN, or --token-file with the token on its first line; at least 32 characters, random:
about 128 bits, not a pattern) or
ROLECHAIN_TRUST_PROXY_AUTH names the header an authenticating reverse proxy sets. With a token, every
page and /api route needs it: API clients send \`Authorization: Bearer <token>\`; browsers open
http://HOST:PORT/?token=<token> once (it sets an HttpOnly, SameSite=Strict cookie and drops the token
from the URL). The token is never printed. ROLECHAIN_ALLOWED_HOSTS lists the host names browsers use
to reach it (comma-separated); without a token only 127.0.0.1, localhost and [::1] are answered.

  --new-token   print a new random token and exit (store it in a file readable only by you)
`;

const PROJECT_DIR = packageRoot();
/** The standalone server `npm run build` gathers (scripts/build-web.mjs): what an installed package runs. */
const PREBUILT_SERVER = join(PROJECT_DIR, 'dist/web/server.js');

export interface ServePlan {
  host: string;
  port: number;
  /** Added to the server's environment (the token, when it comes from a file). */
  env: Record<string, string>;
  /** Where the dashboard answers; never with the token, which is not printed. */
  url: string;
  mode: 'open' | 'token' | 'proxy-header';
}

interface ServeOptions {
  host?: string;
  port?: string;
  tokenFile?: string;
}

/** Decides how to serve, or why not to: pure apart from reading the token file. */
export function planServe(
  opts: ServeOptions,
  env: Record<string, string | undefined>,
  cwd: string,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): Result<ServePlan> {
  const host = opts.host ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:[\]-]{1,253}$/.test(host))
    return {
      ok: false,
      error: { code: 'bad_host', message: `--host '${host}' is not a host name or address.` },
    };
  const port = Number(opts.port ?? env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return { ok: false, error: { code: 'bad_port', message: `--port must be 1–65535, not '${opts.port}'.` } };

  const childEnv: Record<string, string> = {};
  const effective = { ...env };
  if (opts.tokenFile !== undefined) {
    const path = resolve(cwd, opts.tokenFile);
    let text: string;
    try {
      text = readFile(path);
    } catch (e) {
      return {
        ok: false,
        error: {
          code: 'token_file',
          message: `cannot read --token-file ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
        },
      };
    }
    const t = validateToken(text.split(/\r?\n/)[0] ?? '', `--token-file ${path}`);
    if (!t.ok) return t;
    childEnv.ROLECHAIN_TOKEN = t.value;
    effective.ROLECHAIN_TOKEN = t.value;
  }
  const access = accessConfigFromEnv(effective);
  if (!access.ok) return access;
  const exposed = exposureRefusal(host, access.value.mode);
  if (exposed !== undefined) return { ok: false, error: { code: 'exposed_without_auth', message: exposed } };
  const shownHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const base = `http://${shownHost === '0.0.0.0' || shownHost === '[::]' ? '127.0.0.1' : shownHost}:${port}/`;
  return { ok: true, value: { host, port, env: childEnv, url: base, mode: access.value.mode } };
}

function runNext(args: string[], env: Record<string, string | undefined>, io: Io): Promise<number> {
  const bin = join(PROJECT_DIR, 'node_modules/next/dist/bin/next');
  return supervise([bin, ...args], { cwd: PROJECT_DIR, env }, io).done;
}

export async function run(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        host: { type: 'string' },
        port: { type: 'string', short: 'p' },
        'token-file': { type: 'string' },
        'new-token': { type: 'boolean' },
        'no-build': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`rolechain serve: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values } = parsed;
  // A reader that left before the server started (`| head -1` after the first line): not a crash.
  let readerGone = false;
  const onEarlyPipe = (e: NodeJS.ErrnoException): void => {
    if (e.code === 'EPIPE') readerGone = true;
  };
  process.stdout.on('error', onEarlyPipe);
  try {
    return await serve(values, io, () => readerGone);
  } finally {
    process.stdout.off('error', onEarlyPipe);
  }
}

async function serve(
  values: {
    help?: boolean;
    'new-token'?: boolean;
    host?: string;
    port?: string;
    'token-file'?: string;
    'no-build'?: boolean;
  },
  io: Io,
  readerGone: () => boolean,
): Promise<number> {
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (values['new-token']) {
    io.out(`${newToken()}\n`);
    return 0;
  }
  const plan = planServe(
    { host: values.host, port: values.port, tokenFile: values['token-file'] },
    io.env,
    io.cwd,
  );
  if (!plan.ok) {
    io.err(`rolechain serve: ${plan.error.message}\n`);
    return 2;
  }
  // The server runs from the project folder; the data folder stays the user's, from where they ran this.
  const env: Record<string, string | undefined> = {
    ...io.env,
    ...plan.value.env,
    NEXT_TELEMETRY_DISABLED: '1',
    ROLECHAIN_DATA_DIR: resolve(io.cwd, io.env.ROLECHAIN_DATA_DIR ?? 'data'),
    // The server runs from another folder than the command (the package's), and reads the demo there.
    ROLECHAIN_DEMO_DIR: resolve(io.cwd, io.env.ROLECHAIN_DEMO_DIR ?? join(PROJECT_DIR, 'demo')),
  };
  if (io.env.ROLECHAIN_DB) env.ROLECHAIN_DB = resolve(io.cwd, io.env.ROLECHAIN_DB);
  const distDir = io.env.ROLECHAIN_DIST_DIR ?? '.next';
  const checkoutBuild = existsSync(join(PROJECT_DIR, distDir, 'BUILD_ID'));
  if (!checkoutBuild && io.env.ROLECHAIN_DIST_DIR === undefined && existsSync(PREBUILT_SERVER)) {
    announce(plan.value, io);
    if (readerGone()) return 0;
    // Next's standalone server takes its address from the environment, and changes to its own folder.
    const standaloneEnv = { ...env, HOSTNAME: plan.value.host, PORT: String(plan.value.port) };
    return supervise([PREBUILT_SERVER], { cwd: dirname(PREBUILT_SERVER), env: standaloneEnv }, io).done;
  }
  if (!checkoutBuild) {
    if (values['no-build']) {
      io.err(`rolechain serve: there is no build in ${join(PROJECT_DIR, distDir)}; run without --no-build\n`);
      return 2;
    }
    io.err('rolechain serve: no production build yet; building (a minute or two)…\n');
    const built = await runNext(['build'], env, io);
    if (built !== 0) return built;
  }
  announce(plan.value, io);
  if (readerGone()) return 0;
  return runNext(['start', '-H', plan.value.host, '-p', String(plan.value.port)], env, io);
}

function announce(plan: ServePlan, io: Io): void {
  // The token is never printed: stdout often ends up in a log file, and the operator has it already.
  io.out(`rolechain: serving on ${plan.url}\n`);
  if (plan.mode === 'token')
    io.out(
      `rolechain: an access token is required: open ${plan.url}?${TOKEN_PARAM}=<token> once in the browser; scripts send \`Authorization: Bearer <token>\`\n`,
    );
  if (plan.mode === 'proxy-header')
    io.out(
      `rolechain: every request must carry the header ${io.env.ROLECHAIN_TRUST_PROXY_AUTH} set by your authenticating proxy\n`,
    );
}
