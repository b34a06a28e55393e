/**
 * `rolechain simulate`: the policy engine as a filter. One JSON case per input line (file or stdin), one
 * JSON result per output line, in order:
 *   {"id","decision","reasons","openConditions","validation"}
 * A line that is not a valid case gets `{"line":N,"error":{"code","message"}}` and the rest still run.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Io } from '../io';
import { evaluate } from '../../lib/policy';
import type { ContextMode, PolicyInput, ValidationMode } from '../../lib/policy';

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

/** A policy written as `{document, name?, arn?}` or as the bare document. */
const Policy = z.union([z.string(), z.record(z.string(), z.unknown())]).transform((p): PolicyInput => {
  if (typeof p === 'object' && 'document' in p && !('Statement' in p)) {
    return {
      document: p.document,
      ...(typeof p.name === 'string' ? { name: p.name } : {}),
      ...(typeof p.arn === 'string' ? { arn: p.arn } : {}),
      ...(p.validation === 'strict' || p.validation === 'lenient' ? { validation: p.validation } : {}),
    };
  }
  return { document: p };
});

const ContextValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string(), z.number(), z.boolean()])),
]);

const OrgLevel = z.object({ orgIdentifier: z.string(), policies: z.array(Policy) });

const Case = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  request: z.object({
    principal: z.string(),
    action: z.string().min(1),
    resource: z.string(),
    resourceAccount: z.string().optional(),
    principalAccount: z.string().optional(),
    context: z.record(z.string(), ContextValue).optional(),
  }),
  identityPolicies: z.array(Policy).optional(),
  resourcePolicy: Policy.optional(),
  permissionBoundaries: z.array(Policy).optional(),
  sessionPolicy: Policy.optional(),
  serviceControlPolicies: z.array(OrgLevel).optional(),
  resourceControlPolicies: z.array(OrgLevel).optional(),
});

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Evaluates one line; returns the output object. */
export function simulateLine(
  text: string,
  lineNo: number,
  mode: ContextMode,
  validation: ValidationMode = 'strict',
): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return {
      line: lineNo,
      error: { code: 'invalid_json', message: e instanceof Error ? e.message : 'not JSON' },
    };
  }
  const parsed = Case.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return {
      line: lineNo,
      error: { code: 'invalid_case', message: `${where}${issue?.message ?? 'not a case'}` },
    };
  }
  const { id, ...input } = parsed.data;
  const result = evaluate(input, { mode, validation });
  return {
    id: id ?? null,
    decision: result.decision,
    reasons: result.reasons,
    openConditions: result.openConditions,
    validation: result.validation,
  };
}

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
        ? await readFile(resolve(io.cwd, file), 'utf8')
        : await readAll(io.stdin);
  } catch (e) {
    io.err(
      `rolechain simulate: cannot read ${file ?? 'stdin'}: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    return 2;
  }
  const mode: ContextMode = parsed.values['open-context'] ? 'open' : 'complete';
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    io.out(`${JSON.stringify(simulateLine(line, i + 1, mode, validation))}\n`);
  });
  return 0;
}
