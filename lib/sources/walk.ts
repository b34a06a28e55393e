import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { SnapshotWarning } from '../model';
import { fileKind, notRegularMessage } from './regular-file';
import { warning } from './warnings';

/** A file to read, with the name warnings give it (relative to the root the user chose). */
export interface FoundFile {
  path: string;
  /** Relative to the chosen root; the file name when a file was chosen directly. */
  rel: string;
}

/**
 * Lists the files under the given paths, iteratively, sorted. Dotfiles and dot-folders are
 * ignored; a symbolic link is followed only when its target stays inside the chosen folder. Only
 * regular files are listed, judged after links are resolved: a FIFO, socket or device (or a link to
 * one) becomes a warning, so nothing can hang the import or read forever. (The readers check again
 * on the descriptor they open: `regular-file.ts`.)
 */
export async function walk(
  paths: readonly string[],
): Promise<{ files: FoundFile[]; warnings: SnapshotWarning[] }> {
  const files: FoundFile[] = [];
  const warnings: SnapshotWarning[] = [];
  const seen = new Set<string>();
  for (const given of paths) {
    let info;
    try {
      info = await stat(given);
    } catch (e) {
      warnings.push(warning(given, 'unreadable-file', `${given}: ${(e as Error).message}`));
      continue;
    }
    if (!info.isDirectory() && !info.isFile()) {
      warnings.push(warning(given, 'not-a-regular-file', `${given}: ${notRegularMessage(fileKind(info))}`));
      continue;
    }
    if (!info.isDirectory()) {
      const real = await realpath(given);
      if (!seen.has(real)) {
        seen.add(real);
        files.push({ path: given, rel: basename(given) });
      }
      continue;
    }
    const root = await realpath(given);
    const visited = new Set<string>([root]);
    const stack: string[] = [given];
    const found: FoundFile[] = [];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        warnings.push(
          warning(
            relative(given, dir),
            'unreadable-file',
            `${relative(given, dir)}: ${(e as Error).message}`,
          ),
        );
        continue;
      }
      for (const e of entries) {
        if (e.name.startsWith('.')) continue;
        const p = join(dir, e.name);
        const rel = relative(given, p);
        let isDir = e.isDirectory();
        if (e.isSymbolicLink()) {
          let target: string;
          try {
            target = await realpath(p);
          } catch {
            warnings.push(warning(rel, 'unreadable-file', `${rel}: broken symbolic link`));
            continue;
          }
          if (target !== root && !target.startsWith(root + sep)) {
            warnings.push(
              warning(
                rel,
                'symlink-outside-root',
                `${rel}: links to ${target}, outside ${given}; not followed`,
              ),
            );
            continue;
          }
          const st = await stat(target);
          isDir = st.isDirectory();
          if (!isDir && !st.isFile()) {
            warnings.push(
              warning(rel, 'not-a-regular-file', `${rel}: links to ${notRegularMessage(fileKind(st))}`),
            );
            continue;
          }
          if (isDir && visited.has(target)) continue;
          if (isDir) visited.add(target);
        } else if (!isDir && !e.isFile()) {
          warnings.push(warning(rel, 'not-a-regular-file', `${rel}: ${notRegularMessage(direntKind(e))}`));
          continue;
        }
        if (isDir) stack.push(p);
        else {
          const real = await realpath(p);
          if (seen.has(real)) continue;
          seen.add(real);
          found.push({ path: p, rel });
        }
      }
    }
    found.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
    files.push(...found);
  }
  return { files, warnings };
}

function direntKind(e: Dirent): string {
  return fileKind({
    isFIFO: () => e.isFIFO(),
    isSocket: () => e.isSocket(),
    isCharacterDevice: () => e.isCharacterDevice(),
    isBlockDevice: () => e.isBlockDevice(),
    isDirectory: () => false,
  });
}

/** What a file's folder says: the account, region, bucket, and the id a file name carries. */
export interface PathContext {
  account?: string;
  region?: string;
  bucket?: string;
  /** The file name without `.json`, e.g. a policy id, an account id, a KMS key id. */
  stem: string;
  /** The folder holding the file, e.g. `list-parents`, `get-key-policy`. */
  folder: string;
  /** The service folder under the account: `iam`, `s3`, `glue`, `ec2`, `kms`. */
  service?: string;
}

const SERVICES = new Set(['iam', 's3', 'glue', 'ec2', 'kms', 'eks', 'ecs', 'lambda', 'emr']);

/** Reads the demo layout (`accounts/<id>/<service>/<region or bucket>/…`) off a path. */
export function pathContext(path: string): PathContext {
  const parts = path.split(/[\\/]+/);
  const file = parts[parts.length - 1] ?? '';
  const ctx: PathContext = {
    stem: file.replace(/\.json(\.gz)?$/i, ''),
    folder: parts[parts.length - 2] ?? '',
  };
  for (let i = parts.length - 2; i >= 0; i--) {
    const s = parts[i]!;
    if (/^\d{12}$/.test(s)) {
      ctx.account = s;
      const service = parts[i + 1];
      if (service !== undefined && SERVICES.has(service) && i + 2 < parts.length - 1) {
        ctx.service = service;
        const next = parts[i + 2]!;
        if (service === 's3') ctx.bucket = next;
        else if (service !== 'iam') ctx.region = next;
      } else if (service !== undefined && SERVICES.has(service)) ctx.service = service;
      break;
    }
  }
  return ctx;
}

export const parentName = (p: string): string => basename(dirname(p));
