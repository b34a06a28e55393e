/**
 * The CI integrations run as CI runs them: the composite action's `run` steps (action.yml) in bash the
 * way GitHub starts them (`bash --noprofile --norc -eo pipefail`), with its `env` expressions resolved
 * from the inputs and earlier steps' outputs; the pre-commit hook's command line as pre-commit builds it
 * (entry, then args). `rolechain` on PATH is the compiled bundle, built here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { buildCli } from '../scripts/build-cli.mjs';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, '.scratch', `ci-action-test-${process.pid}`);
const DEMO = join(ROOT, 'demo');
// A public example account (cloudsplaining's, BSD-3-Clause; lib/sources/fixtures/README.md): findings, none high.
const QUIET = join(ROOT, 'test/fixtures/real/authz/cloudsplaining_examples_example.json');

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
let binDir: string;

/** `${{ inputs.x }}` and `${{ steps.y.outputs.z }}`, the only expressions the run steps' env may use. */
function resolve(
  value: string,
  inputs: Record<string, string>,
  outputs: Record<string, Record<string, string>>,
): string {
  return value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
    const input = /^inputs\.([\w-]+)$/.exec(expr);
    if (input) return inputs[input[1]!] ?? '';
    const out = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
    if (out) return outputs[out[1]!]?.[out[2]!] ?? '';
    throw new Error(`action.yml: an expression this test does not know: ${expr}`);
  });
}

interface StepRun {
  step: Step;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the action's run steps in order, as a job would, stopping at the first that fails. */
function runAction(given: Record<string, string>): StepRun[] {
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.inputs)) inputs[k] = v.default ?? '';
  Object.assign(inputs, given);
  const workspace = mkdtempSync(join(tmpdir(), 'rolechain-action-'));
  const outputs: Record<string, Record<string, string>> = {};
  const runs: StepRun[] = [];
  for (const step of action.runs.steps) {
    if (step.run === undefined) continue;
    assert.equal(step.shell, 'bash', `${step.name}: shell`);
    const outFile = join(workspace, `.output-${runs.length}`);
    writeFileSync(outFile, '');
    const env: Record<string, string> = {
      PATH: `${binDir}:${process.env.PATH ?? ''}`,
      HOME: workspace,
      GITHUB_OUTPUT: outFile,
      GITHUB_PATH: join(workspace, '.path'),
      GITHUB_ACTION_PATH: ROOT,
      GITHUB_WORKSPACE: workspace,
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = resolve(v, inputs, outputs);
    const script = join(workspace, `.step-${runs.length}.sh`);
    writeFileSync(script, step.run);
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: workspace,
      // A job's environment, not the test runner's (no tsx loader, no ROLECHAIN_* settings).
      env: env as unknown as NodeJS.ProcessEnv,
      encoding: 'utf8',
    });
    runs.push({ step, status: r.status, stdout: r.stdout, stderr: r.stderr });
    if (step.id !== undefined)
      outputs[step.id] = Object.fromEntries(
        readFileSync(outFile, 'utf8')
          .split('\n')
          .filter((l) => l.includes('='))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    if (r.status !== 0) break;
  }
  return runs.map((r) => ({ ...r, workspace }));
}

before(async () => {
  await buildCli({ outDir: OUT, quiet: true });
  binDir = join(OUT, 'bin');
  mkdirSync(binDir);
  writeFileSync(
    join(binDir, 'rolechain'),
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(OUT, 'rolechain.mjs'))} "$@"\n`,
  );
  chmodSync(join(binDir, 'rolechain'), 0o755);
});
after(() => rmSync(OUT, { recursive: true, force: true }));

describe('the GitHub Action (action.yml)', () => {
  it('is a composite action that uploads the SARIF it writes to code scanning', () => {
    assert.equal(action.runs.using, 'composite');
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload, 'an upload-sarif step');
    assert.equal(upload.with?.sarif_file, '${{ inputs.sarif-file }}');
    const names = action.runs.steps.map((s) => s.id ?? s.uses ?? s.name);
    assert.ok(names.indexOf('analyze') < names.indexOf(upload.uses), 'analysed before the upload');
    assert.equal(action.inputs.files?.required, true);
    // Inputs reach scripts through env only: an input pasted into a script could inject shell.
    for (const s of action.runs.steps)
      assert.doesNotMatch(s.run ?? '', /\$\{\{/, `${s.name}: no expression in run`);
  });

  it('given the demo and fail-on critical, when run, then the SARIF holds the findings and the gate fails the job', () => {
    const runs = runAction({ files: DEMO, 'fail-on': 'critical' });
    const analyze = runs.find((r) => r.step.id === 'analyze')!;
    assert.equal(analyze.status, 0, analyze.stderr);
    assert.match(runs[0]!.stdout, /rolechain: using .*\/bin\/rolechain/);
    const ws = (runs[0] as StepRun & { workspace: string }).workspace;
    const sarif = JSON.parse(readFileSync(join(ws, 'rolechain.sarif'), 'utf8')) as {
      version: string;
      runs: { results: unknown[]; tool: { driver: { name: string } } }[];
    };
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0]!.results.length > 0);
    const gate = runs[runs.length - 1]!;
    assert.equal(gate.step.name, 'Gate on severity');
    assert.equal(gate.status, 1);
    assert.match(gate.stdout, /::error::rolechain found role-chain findings at or above critical/);
  });

  it('given an account with no finding at or above high, when run, then every step passes', () => {
    const runs = runAction({ files: QUIET, 'fail-on': 'high', 'sarif-file': 'report.sarif' });
    assert.deepEqual(
      runs.map((r) => r.status),
      runs.map(() => 0),
      runs.map((r) => r.stderr).join('\n'),
    );
    assert.equal(runs[runs.length - 1]!.step.name, 'Gate on severity');
  });

  it('given no files or a missing one, when run, then the analyze step fails (never the embedded demo, never an empty report)', () => {
    for (const files of ['', '  \n ', join(tmpdir(), 'rolechain-no-such-snapshot')]) {
      const runs = runAction({ files });
      const last = runs[runs.length - 1]!;
      assert.equal(last.step.id, 'analyze', JSON.stringify(files));
      assert.equal(last.status, 2, JSON.stringify(files));
    }
  });
});

describe('the pre-commit hook (.pre-commit-hooks.yaml)', () => {
  const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as {
    id: string;
    entry: string;
    language: string;
    pass_filenames?: boolean;
    files?: string;
  }[];
  const hook = hooks.find((h) => h.id === 'rolechain-analyze')!;

  /** pre-commit's command line: the entry's words, then the user's args (no file names: pass_filenames is off). */
  function runHook(args: string[]): number | null {
    assert.doesNotMatch(hook.entry, /["']/, 'an entry without quoting splits on spaces');
    const [cmd, ...rest] = hook.entry.split(/\s+/);
    const r = spawnSync(cmd!, [...rest, ...args], {
      env: { PATH: `${binDir}:${process.env.PATH ?? ''}` } as unknown as NodeJS.ProcessEnv,
      encoding: 'utf8',
    });
    return r.status;
  }

  it('is a node hook over the whole snapshot, run when a JSON file changes', () => {
    assert.equal(hook.language, 'node');
    assert.equal(hook.pass_filenames, false);
    const files = new RegExp(hook.files!);
    for (const f of ['iam/authz.json', 'trail/2026/11/01/x.json.gz', 'events.jsonl']) assert.match(f, files);
    assert.doesNotMatch('README.md', files);
  });

  it('given the demo, when run, then it fails the commit; given a quiet account, then it passes', () => {
    assert.equal(runHook([DEMO]), 1);
    assert.equal(runHook([QUIET]), 0);
    assert.equal(runHook(['--fail-on', 'low', QUIET]), 1);
  });
});
