import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of Rolechain's package.json — the checkout, or where npm installed the package — found
 * from this module's own place, which differs between the sources (cli/) and the bundle (dist/cli/).
 */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error(`rolechain: no package.json above ${from}`);
}
