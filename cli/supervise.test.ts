import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

/**
 * A command like `rolechain serve`: it supervises a "server" that prints its pid, then a line every
 * 20 ms, forever, as Next's log would.
 */
function startCommand(): ChildProcess {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-supervise-'));
  const script = join(dir, 'command.mts');
  const server = `console.log('pid ' + process.pid); setInterval(() => console.log('request ' + Date.now()), 20);`;
  writeFileSync(
    script,
    `import { supervise } from ${JSON.stringify(join(ROOT, 'cli/supervise.ts'))};
import { processIo } from ${JSON.stringify(join(ROOT, 'cli/io.ts'))};
process.exitCode = await supervise(['-e', ${JSON.stringify(server)}], { cwd: process.cwd(), env: process.env }, processIo).done;
`,
  );
  return spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function serverPid(cmd: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no pid line; got ${text}`)), 20_000);
    cmd.stdout!.on('data', (b: Buffer) => {
      text += b.toString();
      const m = /pid (\d+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

test('given `serve | head -1`, when the reader leaves, then the command exits without a stack trace and its server is gone', async () => {
  const cmd = startCommand();
  let stderr = '';
  cmd.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const pid = await serverPid(cmd);
  assert.ok(alive(pid));
  const exited = new Promise<number | null>((r) => cmd.on('exit', (code) => r(code)));
  // What `head -1` does after its line: close the pipe's read end.
  cmd.stdout!.destroy();
  assert.equal(await exited, 0);
  assert.ok(await goneWithin(pid, 6000), `server ${pid} outlived the command`);
  assert.doesNotMatch(stderr, /EPIPE|Error/);
});

test('given the command killed outright (SIGKILL), when it cannot stop its server, then the server stops itself', async () => {
  const cmd = startCommand();
  const pid = await serverPid(cmd);
  cmd.kill('SIGKILL');
  assert.ok(await goneWithin(pid, 3000), `server ${pid} outlived a killed command`);
});

test('given SIGTERM to the command, when it stops, then its server is stopped first', async () => {
  const cmd = startCommand();
  const pid = await serverPid(cmd);
  const exited = new Promise<void>((r) => cmd.on('exit', () => r()));
  cmd.kill('SIGTERM');
  await exited;
  assert.ok(await goneWithin(pid, 1000), `server ${pid} outlived the command`);
});
