import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadOptions, LoadResult } from './load';
import { loadFromPaths } from './load';

/** Where the embedded demo organisation lives unless `ROLECHAIN_DEMO_DIR` says otherwise. */
export const defaultDemoDir = (): string => process.env.ROLECHAIN_DEMO_DIR ?? join(process.cwd(), 'demo');

/**
 * The embedded demo organisation, read through exactly the readers user files go through.
 * The snapshot time is `demo/manifest.json`'s `createdAt`.
 */
export async function loadDemo(
  dir: string = defaultDemoDir(),
  opts: Pick<LoadOptions, 'onProgress' | 'trailWorker'> = {},
): Promise<LoadResult> {
  let createdAt: string | undefined;
  try {
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
      createdAt?: unknown;
    };
    if (typeof manifest.createdAt === 'string') createdAt = manifest.createdAt;
  } catch {
    // No manifest: loadFromPaths reports nothing about it, and the snapshot time is now.
  }
  const base: LoadOptions = { source: { kind: 'demo', detail: 'embedded demo organisation' }, ...opts };
  return loadFromPaths([dir], createdAt ? { ...base, createdAt } : base);
}
