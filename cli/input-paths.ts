/**
 * Paths as people type them on a command line: `rolechain analyze authz.json trail/` (positional) and
 * `--snapshot authz.json` mean the same. Each is resolved against the working folder and checked before
 * anything is read, so a typo is named as one ("not found"), not reported as an empty organisation.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Result } from '../lib/model';
import { err, ok } from '../lib/model';
import { fileKind } from '../lib/sources/regular-file';

/** Snapshot inputs: files or folders, from positionals and `--snapshot`, in the order given. */
export function snapshotInputs(
  positionals: readonly string[],
  flagged: readonly string[],
  cwd: string,
): Result<string[]> {
  const paths = [...positionals, ...flagged].map((p) => resolve(cwd, p));
  const problems: string[] = [];
  for (const p of paths) {
    const st = statSync(p, { throwIfNoEntry: false });
    if (st === undefined) problems.push(`${p}: not found`);
    else if (!st.isFile() && !st.isDirectory())
      problems.push(`${p}: ${fileKind(st)}; give files or folders of AWS CLI output or CloudTrail logs`);
  }
  return problems.length > 0 ? err('not-found', problems.join('\n')) : ok(paths);
}

/** One file to read as text (`--sql FILE`): a folder or a device is refused by name. */
export function oneFile(arg: string, flag: string, cwd: string): Result<string> {
  const path = resolve(cwd, arg);
  const st = statSync(path, { throwIfNoEntry: false });
  if (st === undefined) return err('not-found', `${flag} ${arg}: not found (${path})`);
  if (st.isDirectory())
    return err('is-a-folder', `${flag} ${arg}: a folder; ${flag} takes one file (or - for standard input)`);
  if (!st.isFile())
    return err(
      'not-a-regular-file',
      `${flag} ${arg}: ${fileKind(st)}, not a regular file (use - for standard input)`,
    );
  return ok(path);
}
