/**
 * The commands of `rolechain`, each loaded only when it runs (the engine, zod, SQLite and the AWS SDK
 * load with the command that needs them). In the bundle each `import()` is a chunk of its own.
 * `rolechain --help` does not even read this list: it prints ../usage.ts, compiled to CommonJS.
 */
import type { Io } from '../io';
import type { CommandName } from '../usage';
import { SUMMARIES } from '../usage';

export interface CommandModule {
  run(args: string[], io: Io): Promise<number>;
}

export interface CommandEntry {
  /** One line for `rolechain --help` (cli/usage.ts). */
  summary: string;
  load(): Promise<CommandModule>;
}

export const COMMANDS: Readonly<Record<CommandName, CommandEntry>> = {
  analyze: { summary: SUMMARIES.analyze, load: () => import('./analyze') },
  athena: { summary: SUMMARIES.athena, load: () => import('./athena') },
  audit: { summary: SUMMARIES.audit, load: () => import('./audit') },
  check: { summary: SUMMARIES.check, load: () => import('./check') },
  collect: { summary: SUMMARIES.collect, load: () => import('./collect') },
  diff: { summary: SUMMARIES.diff, load: () => import('./diff') },
  import: { summary: SUMMARIES.import, load: () => import('./import') },
  serve: { summary: SUMMARIES.serve, load: () => import('./serve') },
  simulate: { summary: SUMMARIES.simulate, load: () => import('./simulate') },
};
