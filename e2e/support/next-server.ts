/**
 * A second production server for a spec that needs a store of its own (the scale specs): `next start`
 * on 127.0.0.1:`port` with `env`, resolved once `/api/health` answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

export async function startNextServer(port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const server = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(port)],
    { cwd: ROOT, env, stdio: 'ignore' },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      server.kill('SIGTERM');
      throw new Error(`the second server on port ${port} did not start`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
