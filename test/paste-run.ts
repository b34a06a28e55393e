/**
 * Runs printed commands the way a person pasting them would: in a real POSIX shell, with a stub
 * `aws` first on PATH that records its argv (NUL-separated, one record per call) and does nothing
 * else. The rest of PATH stays, so `touch`, `rm` and friends would work if a command smuggled them
 * in; each run happens in an empty folder, and any file other than the record shows a side effect.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PasteRun {
  /** The argv (without `aws` itself) of each call of the stub, in order. */
  calls: string[][];
  /** Files that appeared in the working folder, other than the stub's record. */
  sideEffects: string[];
  status: number | null;
  stderr: string;
}

const RECORD = '.aws-argv';
const END = '\u0001END';

/** The shells present here: `sh` always, bash and zsh where installed. */
export function shells(): string[] {
  return ['sh', 'bash', 'zsh'].filter((s) => spawnSync('sh', ['-c', `command -v ${s}`]).status === 0);
}

/** Runs `script` (one or more command lines) with `shell -c` in a fresh folder. */
export function runPasted(script: string, shell = 'sh'): PasteRun {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-paste-'));
  const bin = mkdtempSync(join(tmpdir(), 'rolechain-paste-bin-'));
  try {
    const stub = join(bin, 'aws');
    // printf is a builtin: the stub itself starts no other program.
    writeFileSync(
      stub,
      `#!/bin/sh\nfor a in "$@"; do printf '%s\\000' "$a"; done >> ${RECORD}\nprintf '${END}\\000' >> ${RECORD}\n`,
    );
    chmodSync(stub, 0o755);
    const r = spawnSync(shell, ['-c', script], {
      cwd: dir,
      env: { NODE_ENV: 'test', PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`, HOME: dir, LC_ALL: 'C.UTF-8' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    let raw = '';
    try {
      raw = readFileSync(join(dir, RECORD), 'utf8');
    } catch {
      raw = '';
    }
    const calls: string[][] = [];
    let current: string[] = [];
    for (const field of raw.split('\u0000').slice(0, -1)) {
      if (field === END) {
        calls.push(current);
        current = [];
      } else current.push(field);
    }
    return {
      calls,
      sideEffects: readdirSync(dir).filter((f) => f !== RECORD),
      status: r.status,
      stderr: r.stderr,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(bin, { recursive: true, force: true });
  }
}
