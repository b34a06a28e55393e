/** The store a command uses: `--store PATH`, else the dashboard's (ROLECHAIN_DB / ROLECHAIN_DATA_DIR). */
import { resolve } from 'node:path';
import { readEnv } from '../lib/server/env';
import type { Result } from '../lib/model';
import { Store } from '../lib/store';

export function openStore(
  flag: string | undefined,
  env: Record<string, string | undefined>,
  cwd: string,
): Result<Store> {
  const path = flag !== undefined ? resolve(cwd, flag) : readEnv(env).dbPath;
  return Store.open(path);
}
