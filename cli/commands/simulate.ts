/**
 * `rolechain simulate`: the policy engine as a filter. One JSON case per input line (file or stdin), one
 * JSON result per output line, in order:
 *   {"id","decision","reasons","openConditions","validation"}
 * A line that is not a valid case gets `{"line":N,"error":{"code","message"}}` and the rest still run.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Io } from '../io';
import { screen } from '../terminal';
import { evaluate } from '../../lib/policy';
import type { ContextMode, EvaluationInput, ValidationMode } from '../../lib/policy';
import type * as CaseModule from '../simulate/case';
import type { CaseValue, PolicyValueOf } from '../simulate/case';
import { LineMemo, lineKey, restHasNoId } from '../simulate/line-memo';
import { PolicyInputs } from '../simulate/policy-inputs';
import { fileLines, streamLines } from '../simulate/input-lines';
import { Output, OUTPUT_PIECE } from '../simulate/output';
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

/** Reads a stream to its end, keeping nothing. */
async function drain(stream: NodeJS.ReadableStream): Promise<void> {
  try {
    for await (const chunk of stream) void chunk;
  } catch {
    // Nothing of it is used: how it ends does not matter.
  }
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
 * How the schema loads. The compiled simulate bundle (cli/simulate/process-main.ts) is given the ES
 * module bundle's own loader: bundling zod into it as well would make every run read it.
 */
export const schemaSource = {
  load: (): Promise<typeof CaseModule> => import('../simulate/case'),
};

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
    schema ??= await schemaSource.load();
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

/** Output is written in chunks of at least this many bytes: one write per line cost more than the lines. */
const CHUNK = OUTPUT_PIECE / 2;

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
  const source =
    file !== undefined && file !== '-' ? fileLines(resolve(io.cwd, file)) : streamLines(io.stdin);
  const mode: ContextMode = parsed.values['open-context'] ? 'open' : 'complete';
  const inputs = new PolicyInputs();
  const memo = new LineMemo();
  const output = new Output(io);
  for (let lineNo = 1; ; lineNo++) {
    let next: IteratorResult<string>;
    try {
      // A file's lines come synchronously: no await (a turn of the microtask queue) for them.
      const pending = source.next();
      next = pending instanceof Promise ? await pending : pending;
    } catch (e) {
      output.flush();
      io.err(
        `rolechain simulate: cannot read ${file ?? 'stdin'}: ${e instanceof Error ? e.message : String(e)}\n`,
      );
      return 2;
    }
    if (next.done === true) break;
    const line = next.value;
    if (line.trim() === '') continue;
    const key = lineKey(line);
    const kept = memo.get(key);
    if (kept !== undefined) {
      output.text(kept.head);
      output.bytes(kept.tail);
    } else {
      const result = await simulateLine(line, lineNo, mode, validation, inputs);
      const bytes = Buffer.from(screen(JSON.stringify(result)), 'utf8');
      output.bytes(bytes);
      if (!('error' in result) && (key.id === undefined || restHasNoId(key.key))) memo.set(key, bytes);
    }
    output.newline();
    if (output.size >= CHUNK) {
      output.flush();
      // Nobody reads the rest (`| head -1`): the other lines' results would go nowhere. Standard input
      // is still read to its end, as it was when it was read whole before any line ran: the command
      // before this one in a pipeline ends as it would have (not killed by a broken pipe, which would
      // fail a `set -o pipefail` pipeline).
      if (io.readerGone?.()) {
        if (file === undefined || file === '-') await drain(io.stdin);
        return 0;
      }
    }
  }
  output.flush();
  return 0;
}
