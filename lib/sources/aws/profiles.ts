/**
 * Whether a named profile exists in the shared AWS config or credentials file. The SDK's chain
 * answers a misspelt `--profile` with "could not load credentials from any providers", which sends
 * people after their keys; this tells them the name is wrong instead.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The files the SDK reads: `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/…`. */
export function sharedFiles(env: Record<string, string | undefined>): {
  config: string;
  credentials: string;
} {
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  return {
    config: env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials'),
  };
}

/** The profile names of an ini text: `[profile x]` (config) or `[x]` (credentials; `[default]` in both). */
export function profileNames(text: string, kind: 'config' | 'credentials'): Set<string> {
  const out = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*\[\s*([^\]]+?)\s*\]\s*(?:[#;].*)?$/.exec(line);
    if (!m) continue;
    const section = m[1]!;
    if (kind === 'credentials') out.add(section);
    else if (section === 'default') out.add(section);
    else {
      const p = /^profile\s+(.+)$/.exec(section);
      if (p) out.add(p[1]!.trim());
    }
  }
  return out;
}

/** The profiles of both files, and the files that could be read. */
export function knownProfiles(env: Record<string, string | undefined>): {
  names: Set<string>;
  files: string[];
} {
  const files = sharedFiles(env);
  const names = new Set<string>();
  const read: string[] = [];
  for (const kind of ['config', 'credentials'] as const) {
    let text: string;
    try {
      text = readFileSync(files[kind], 'utf8');
    } catch {
      continue;
    }
    read.push(files[kind]);
    for (const n of profileNames(text, kind)) names.add(n);
  }
  return { names, files: read };
}
