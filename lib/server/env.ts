/** The server's environment, validated once. */
import { join, resolve } from 'node:path';
import { z } from 'zod';

const Env = z.object({
  ROLECHAIN_DATA_DIR: z.string().min(1).default('data'),
  ROLECHAIN_DB: z.string().min(1).optional(),
  ROLECHAIN_DEMO_DIR: z.string().min(1).optional(),
});

export interface ServerEnv {
  dataDir: string;
  dbPath: string;
  demoDir: string;
}

export function readEnv(env: Record<string, string | undefined> = process.env): ServerEnv {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  // The paths are the user's, read at run time: not files for the bundler to trace.
  const dataDir = resolve(/*turbopackIgnore: true*/ parsed.data.ROLECHAIN_DATA_DIR);
  return {
    dataDir,
    dbPath: parsed.data.ROLECHAIN_DB
      ? resolve(/*turbopackIgnore: true*/ parsed.data.ROLECHAIN_DB)
      : join(/*turbopackIgnore: true*/ dataDir, 'rolechain.db'),
    demoDir: resolve(/*turbopackIgnore: true*/ parsed.data.ROLECHAIN_DEMO_DIR ?? 'demo'),
  };
}
