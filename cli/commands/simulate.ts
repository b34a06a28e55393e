/**
 * `rolechain simulate`: the policy engine as a filter. One JSON case per input line (file or stdin), one
 * JSON result per output line, in order:
 *   {"id","decision","reasons","openConditions","validation"}
 * A line that is not a valid case gets `{"line":N,"error":{"code","message"}}` and the rest still run.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Io } from '../io';
import { evaluate } from '../../lib/policy';
import type { ContextMode, EvaluationInput, ValidationMode } from '../../lib/policy';
import type * as CaseModule from '../simulate/case';
import type { CaseValue, PolicyValueOf } from '../simulate/case';
import { LineMemo, lineKey, restHasNoId } from '../simulate/line-memo';
import { PolicyInputs } from '../simulate/policy-inputs';
import { readCase } from '../simulate/read-case';

const USAGE = `usage: rolechain simulate [FILE] [--open-context] [--strict | --lenient]

Reads one JSON case per line from FILE (or stdin) and writes one JSON result per line.
A case: {"id": "c1",
         "request": {"principal": ARN | service | provider | "anonymous", "action": "sts:AssumeRole",
                     "resource": ARN, "resourceAccount"?: ID, "principalAccount"?: ID, "context"?: {KEY: VALUE}},
         "identityPolicies"?: [POLICY], "resourcePolicy"?: POLICY, "permissionBoundaries"?: [POLICY],
         "sessionPolicy"?: POLICY,
         "serviceControlPolicies"?: [{"orgIdentifier": ID, "policies": [POLICY]}], "resourceControlPolicies"?: [...]}
POLICY is {"name"?, "arn"?, "document", "validation"?: "strict"|"lenient"} or the document itself (an object,
JSON text or URL-encoded JSON).
A result: {"id", "decision": "Allow|ImplicitDeny|ExplicitDeny|Conditional", "reasons", "openConditions", "validation"}
A line that is not a valid case: {"line": N, "error": {"code", "message"}}; the other lines still run.

  --open-context   keys the context does not give are unknown (result Conditional), not absent
  --strict         (default) a policy with a validation error grants nothing, as for a policy you write:
                   AWS would reject it
  --lenient        read the policies as AWS stored them: each statement stands alone, an entry that is
                   not well formed matches nothing, issues are warnings beside the decision
  -h, --help       this help
Exit status: 0, or 2 when the input cannot be read or the options are wrong.
`;

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** A case as the engine's input, each policy through the run's memo. */
function evaluationInput(c: CaseValue, inputs: PolicyInputs): EvaluationInput {
  const list = (ps: PolicyValueOf[] | undefined) => ps?.map((p) => inputs.of(p));
  const levels = (ls: CaseValue['serviceControlPolicies']) =>
    ls?.map((l) => ({ orgIdentifier: l.orgIdentifier, policies: list(l.policies) ?? [] }));
  const out: EvaluationInput = { request: c.request };
  if (c.identityPolicies) out.identityPolicies = list(c.identityPolicies);
  if (c.resourcePolicy !== undefined) out.resourcePolicy = inputs.of(c.resourcePolicy);
  if (c.permissionBoundaries) out.permissionBoundaries = list(c.permissionBoundaries);
  if (c.sessionPolicy !== undefined) out.sessionPolicy = inputs.of(c.sessionPolicy);
  if (c.serviceControlPolicies) out.serviceControlPolicies = levels(c.serviceControlPolicies);
  if (c.resourceControlPolicies) out.resourceControlPolicies = levels(c.resourceControlPolicies);
  return out;
}

/** The zod schema of a line, loaded on the first line the fast reader does not accept. */
let schema: typeof CaseModule | undefined;

/**
 * Evaluates one line; returns the output object. `inputs`: the run's policy memo. Async only when a line
 * is not well formed (the schema that says why is loaded then).
 */
export async function simulateLine(
  text: string,
  lineNo: number,
  mode: ContextMode,
  validation: ValidationMode = 'strict',
  inputs: PolicyInputs = new PolicyInputs(),
): Promise<Record<string, unknown>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return {
      line: lineNo,
      error: { code: 'invalid_json', message: e instanceof Error ? e.message : 'not JSON' },
    };
  }
  let c = readCase(json);
  if (!c) {
    schema ??= await import('../simulate/case');
    const checked = schema.checkCase(json);
    if (!checked.ok) return { line: lineNo, error: { code: 'invalid_case', message: checked.message } };
    c = checked.value;
  }
  const { id, ...rest } = c;
  // Every line's reasons are written: one explaining pass, not a deciding pass and then the explaining one.
  const result = evaluate(evaluationInput(rest, inputs), { mode, validation, explain: true });
  return {
    id: id ?? null,
    decision: result.decision,
    reasons: result.reasons,
    openConditions: result.openConditions,
    validation: result.validation,
  };
}

/** Output is written in chunks of about this many characters: one write per line cost more than the lines. */
const CHUNK = 1 << 16;

export async function run(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'open-context': { type: 'boolean' },
        strict: { type: 'boolean' },
        lenient: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`rolechain simulate: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(USAGE);
    return 0;
  }
  if (parsed.values.strict && parsed.values.lenient) {
    io.err(`rolechain simulate: --strict and --lenient exclude each other\n${USAGE}`);
    return 2;
  }
  const validation: ValidationMode = parsed.values.lenient ? 'lenient' : 'strict';
  if (parsed.positionals.length > 1) {
    io.err(`rolechain simulate: one input file at most\n${USAGE}`);
    return 2;
  }
  const file = parsed.positionals[0];
  let text: string;
  try {
    text =
      file !== undefined && file !== '-'
        ? // Read whole, then decoded once: read with an encoding, Node decodes each piece as it comes (slower).
          (await readFile(resolve(io.cwd, file))).toString('utf8')
        : await readAll(io.stdin);
  } catch (e) {
    io.err(
      `rolechain simulate: cannot read ${file ?? 'stdin'}: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    return 2;
  }
  const mode: ContextMode = parsed.values['open-context'] ? 'open' : 'complete';
  const lines = text.split(/\r?\n/);
  const inputs = new PolicyInputs();
  const memo = new LineMemo();
  let chunk = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const key = lineKey(line);
    let out = memo.get(key);
    if (out === undefined) {
      const result = await simulateLine(line, i + 1, mode, validation, inputs);
      out = JSON.stringify(result);
      if (!('error' in result) && (key.id === undefined || restHasNoId(key.key))) memo.set(key, out);
    }
    chunk += `${out}\n`;
    if (chunk.length >= CHUNK) {
      io.out(chunk);
      chunk = '';
      // Nobody reads the rest (`| head -1`): the other lines' results would go nowhere.
      if (io.readerGone?.()) return 0;
    }
  }
  if (chunk !== '') io.out(chunk);
  return 0;
}
