import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Io } from '../io';
import type { Snapshot } from '../../lib/model';
import type { ChainCheck, ChainCheckRequest, ChainStep } from '../../lib/graph';
import { checkChain, parseEngineProperties, validateChainRequest } from '../../lib/graph';
import type { EngineProperties } from '../../lib/graph/engine-properties';
import { loadDemo } from '../../lib/sources/demo';
import { loadFromPaths } from '../../lib/sources/load';
import { textLines } from '../terminal';
import { PASTE_SHELL } from '../../lib/model/shell';

export const summary =
  'check one role chain in five steps (or the chain a Doris / StarRocks statement describes)';

const USAGE = `usage: rolechain check --source <role|user|instance-profile ARN|instance id> --target-role <role ARN>
                       --resource <s3://bucket/path|S3 or Glue ARN|glue:catalog> --action <service:Action>
                       [--external-id ID] [--duration SECONDS] [--region R] [--kms-key ARN]
       rolechain check --source <…> --sql <file|->          (Doris / StarRocks statement)
                       [--snapshot <file or folder>…] [--format table|json]

Checks the five steps of an assumed-role chain against a snapshot (default: the embedded demo):
  1 the source may call sts:AssumeRole on the target   2 the target's trust admits it (with ExternalId)
  3 the session duration fits (MaxSessionDuration, 1 h when chaining)
  4 the target may perform the action on the resource  5 the bucket / catalog / key policy does not stop it
With --sql, the role, ExternalId, location and region come from the statement's PROPERTIES; flags given
as well override them. The source is the cluster's instance role, instance profile or an instance id.

exit: 0 every step passes, 1 a step fails or is only conditional, 2 bad input
`;

const STATUS_MARK: Record<ChainStep['status'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  conditional: 'COND',
  skipped: 'SKIP',
};

async function readSql(arg: string, io: Io): Promise<string | undefined> {
  if (arg === '-') {
    let text = '';
    for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    return text;
  }
  const path = resolve(io.cwd, arg);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

async function loadSnapshot(paths: string[], io: Io): Promise<Snapshot | string> {
  if (paths.length > 0) {
    const abs = paths.map((p) => resolve(io.cwd, p));
    const missing = abs.filter((p) => !existsSync(p));
    if (missing.length > 0) return `not found: ${missing.join(', ')}`;
    const loaded = await loadFromPaths(abs, { source: { kind: 'files', detail: abs.join(', ') } });
    if (loaded.snapshot.roles.length === 0)
      return `no IAM roles in ${abs.join(', ')} (expected get-account-authorization-details JSON)`;
    return loaded.snapshot;
  }
  const demo = await loadDemo(io.env.ROLECHAIN_DEMO_DIR ?? join(io.cwd, 'demo'));
  if (demo.snapshot.roles.length === 0)
    return 'the demo organisation was not found (set ROLECHAIN_DEMO_DIR or give --snapshot)';
  return demo.snapshot;
}

/** The steps as a fixed-width table, reasons and fixes indented under each. */
export function renderTable(
  request: ChainCheckRequest,
  check: ChainCheck,
  fromSql?: EngineProperties,
): string {
  const lines: string[] = [];
  lines.push(
    `source       ${request.source}${check.resolved.caller && check.resolved.caller !== request.source ? `  (calls as ${check.resolved.caller})` : ''}`,
  );
  lines.push(
    `target role  ${request.targetRole}${request.externalId !== undefined ? `  (ExternalId ${request.externalId})` : ''}`,
  );
  lines.push(
    `resource     ${request.resource}  ${request.action}${check.resolved.resource && check.resolved.resource !== request.resource ? `  (checked as ${check.resolved.resource})` : ''}`,
  );
  if (fromSql) {
    lines.push(
      `statement    ${fromSql.engine} ${fromSql.statement}, credentials: ${fromSql.credentials}${fromSql.staticKey ? ' (a static access key is configured)' : ''}`,
    );
    for (const c of fromSql.contradictions) lines.push(`  contradiction: ${c}`);
  }
  lines.push('');
  lines.push('step  status  check');
  for (const s of check.steps) {
    lines.push(`${String(s.step).padEnd(4)}  ${STATUS_MARK[s.status].padEnd(6)}  ${s.title}`);
    const shown =
      s.status === 'pass'
        ? s.reasons.filter((r) => r.outcome === 'applies').slice(0, 2)
        : s.reasons.slice(0, 6);
    for (const r of shown) lines.push(`              - ${r.message}`);
    for (const c of s.openConditions ?? []) lines.push(`              ? ${c.text}`);
    if (s.fix) lines.push(`              fix: ${s.fix}`);
  }
  if (check.steps.some((s) => s.fix?.includes('aws ')))
    lines.push(`              (aws commands are quoted for a ${PASTE_SHELL})`);
  lines.push('');
  lines.push(
    check.ok
      ? 'result: the chain works'
      : `result: the chain does not work as asked (${check.steps
          .filter((s) => s.status !== 'pass')
          .map((s) => `step ${s.step} ${s.status}`)
          .join(', ')})`,
  );
  return textLines(lines);
}

export async function run(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: false,
      options: {
        source: { type: 'string' },
        'target-role': { type: 'string' },
        resource: { type: 'string' },
        action: { type: 'string' },
        'external-id': { type: 'string' },
        duration: { type: 'string' },
        region: { type: 'string' },
        'kms-key': { type: 'string' },
        sql: { type: 'string' },
        snapshot: { type: 'string', multiple: true },
        format: { type: 'string', default: 'table' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`rolechain check: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.out(USAGE);
    return 0;
  }
  if (v.format !== 'table' && v.format !== 'json') {
    io.err(`rolechain check: --format is table or json, not '${v.format}'\n`);
    return 2;
  }
  let duration: number | undefined;
  if (v.duration !== undefined) {
    duration = Number(v.duration);
    if (!Number.isInteger(duration) || duration <= 0) {
      io.err(`rolechain check: --duration is a whole number of seconds, not '${v.duration}'\n`);
      return 2;
    }
  }
  let fromSql: EngineProperties | undefined;
  let base: Partial<ChainCheckRequest> = {};
  if (v.sql !== undefined) {
    const sql = await readSql(v.sql, io);
    if (sql === undefined) {
      io.err(`rolechain check: --sql file not found: ${v.sql}\n`);
      return 2;
    }
    const p = parseEngineProperties(sql);
    if (!p.ok) {
      io.err(`rolechain check: ${p.error.message}\n`);
      return 2;
    }
    fromSql = p.value;
    base = p.value.check;
  }
  const flags: Partial<ChainCheckRequest> = {
    ...(v.source !== undefined ? { source: v.source } : {}),
    ...(v['target-role'] !== undefined ? { targetRole: v['target-role'] } : {}),
    ...(v.resource !== undefined ? { resource: v.resource } : {}),
    ...(v.action !== undefined ? { action: v.action } : {}),
    ...(v['external-id'] !== undefined ? { externalId: v['external-id'] } : {}),
    ...(duration !== undefined ? { durationSeconds: duration } : {}),
    ...(v.region !== undefined ? { region: v.region } : {}),
    ...(v['kms-key'] !== undefined ? { kmsKey: v['kms-key'] } : {}),
  };
  // From a statement: the first chain it describes completely (with the flags), else its primary one.
  if (fromSql)
    base = fromSql.checks.find((c) => validateChainRequest({ ...c, ...flags }).length === 0) ?? base;
  const request: Partial<ChainCheckRequest> = { ...base, ...flags };
  const problems = validateChainRequest(request);
  if (problems.length > 0) {
    io.err(
      `rolechain check: ${problems.join('\nrolechain check: ')}\n${fromSql ? '(from --sql: the statement names no role or location for these; give them as flags)\n' : ''}`,
    );
    return 2;
  }
  const snapshot = await loadSnapshot(v.snapshot ?? [], io);
  if (typeof snapshot === 'string') {
    io.err(`rolechain check: ${snapshot}\n`);
    return 2;
  }
  const full = request as ChainCheckRequest;
  const result = checkChain(snapshot, full);
  // A StarRocks catalog may describe a second chain (the Glue role): check it too, unless flags chose one.
  const others: { request: ChainCheckRequest; result: ChainCheck }[] = [];
  if (fromSql && v['target-role'] === undefined && v.resource === undefined)
    for (const c of fromSql.checks) {
      const r = {
        ...c,
        source: full.source,
        ...(duration !== undefined ? { durationSeconds: duration } : {}),
      };
      if (c === base || validateChainRequest(r).length > 0) continue;
      others.push({ request: r as ChainCheckRequest, result: checkChain(snapshot, r as ChainCheckRequest) });
    }
  const contradicted = (fromSql?.contradictions.length ?? 0) > 0;
  const ok = result.ok && others.every((o) => o.result.ok) && !contradicted;
  if (v.format === 'json') {
    io.out(
      JSON.stringify({
        request: full,
        result,
        ...(others.length > 0 ? { others } : {}),
        ...(fromSql
          ? {
              fromSql: {
                engine: fromSql.engine,
                statement: fromSql.statement,
                properties: fromSql.properties,
                credentials: fromSql.credentials,
                staticKey: fromSql.staticKey,
                contradictions: fromSql.contradictions,
                checks: fromSql.checks,
              },
            }
          : {}),
        ok,
      }) + '\n',
    );
  } else {
    io.out(renderTable(full, result, fromSql));
    for (const o of others) io.out('\n' + renderTable(o.request, o.result));
    if (contradicted && result.ok)
      io.out('result: the IAM side holds, but the statement contradicts itself (see above)\n');
  }
  return ok ? 0 : 1;
}
