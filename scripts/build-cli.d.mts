/** Types of build-cli.mjs for the TypeScript tests and benches that call it. */
import type { Metafile } from 'esbuild';
export declare const CLI_OUT_DIR: string;
export declare function buildCli(opts?: { outDir?: string; quiet?: boolean }): Promise<Metafile>;
