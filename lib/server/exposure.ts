/**
 * The refusal to serve an organisation's IAM picture, without a credential, on an address others
 * can reach. `rolechain serve` applies it before starting Next (`cli/commands/serve.ts`), and the
 * server applies it again at start-up (`instrumentation.ts`), so `next start -H 0.0.0.0`,
 * `npm run serve -- -H 0.0.0.0` or a bare `next start` (all interfaces) stop with the same message.
 */
import { readFileSync } from 'node:fs';
import type { AccessMode } from './auth';
import { accessConfigFromEnv, isLoopbackHost } from './auth';

/** Why `host` may not be listened on in this access mode, or undefined when it may. */
export function exposureRefusal(host: string | undefined, mode: AccessMode): string | undefined {
  if (mode !== 'open' || (host !== undefined && isLoopbackHost(host))) return undefined;
  const where = host === undefined ? 'every interface (no -H/--hostname given)' : host;
  return (
    `refusing to listen on ${where} without an access token: anyone who can reach it would read your IAM data.\n` +
    'Set ROLECHAIN_TOKEN or --token-file (`rolechain serve --new-token` prints one), or put an authenticating\n' +
    'reverse proxy in front and set ROLECHAIN_TRUST_PROXY_AUTH to the header it sets. Or keep the default 127.0.0.1.'
  );
}

/**
 * The address `next start`/`next dev` was told to listen on (`-H x`, `-Hx`, `--hostname x`,
 * `--hostname=x`); undefined when none was given, which Next takes as every interface.
 */
export function listenHostOf(argv: readonly string[]): string | undefined {
  let host: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-H' || a === '--hostname') host = argv[i + 1];
    else if (a.startsWith('--hostname=')) host = a.slice('--hostname='.length);
    else if (a.startsWith('-H') && a.length > 2) host = a.slice(2).replace(/^=/, '');
  }
  return host;
}

/**
 * The address this server listens on: from `next start`/`next dev`'s command line, or, for Next's
 * standalone server (`node server.js`, which `rolechain serve` runs from an installed package and which
 * marks itself with `__NEXT_PRIVATE_STANDALONE_CONFIG`), from `HOSTNAME`, which it listens on
 * (every interface when unset or empty).
 */
export function listenHostFor(
  env: Record<string, string | undefined>,
  argv: readonly string[],
): string | undefined {
  if (env.__NEXT_PRIVATE_STANDALONE_CONFIG !== undefined) return env.HOSTNAME || undefined;
  return listenHostOf(argv);
}

/**
 * The command line that chose the address. `next dev` serves from a forked worker whose own argv
 * says nothing, so its parent's is read (Linux `/proc`); null when it cannot be known.
 */
function serverArgv(env: Record<string, string | undefined>): readonly string[] | null {
  if (env.NEXT_PRIVATE_WORKER !== '1') return process.argv;
  try {
    return readFileSync(`/proc/${process.ppid}/cmdline`, 'utf8').split('\0');
  } catch {
    return null;
  }
}

/**
 * What the server must do at start-up: `refuse` with the message (the access configuration is
 * invalid, or the address is exposed without a credential), `warn` when the address cannot be
 * known (a development server on a system without `/proc`), or nothing.
 */
export function startupCheck(
  env: Record<string, string | undefined> = process.env,
  argv: readonly string[] | null = serverArgv(env),
): { kind: 'refuse' | 'warn'; message: string } | undefined {
  const access = accessConfigFromEnv(env);
  if (!access.ok) return { kind: 'refuse', message: access.error.message };
  if (argv === null)
    return access.value.mode === 'open'
      ? {
          kind: 'warn',
          message:
            'cannot tell which address this server listens on; without an access token it must be 127.0.0.1 (-H 127.0.0.1).',
        }
      : undefined;
  const refusal = exposureRefusal(listenHostFor(env, argv), access.value.mode);
  return refusal === undefined ? undefined : { kind: 'refuse', message: refusal };
}
