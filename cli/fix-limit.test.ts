import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateOrg } from '../bench/generate-org';
import { writeAuthz } from '../bench/write-authz';
import type { Finding, Fix } from '../lib/findings';
import { RULES, computeFindings, fixTarget, hasFix, toSarif } from '../lib/findings';
import { rememberUnvetted } from '../lib/findings/fix-peek';
import { buildGraph } from '../lib/graph';
import { memoryIo } from './io';
import { run, writeTable } from './commands/analyze';
import { streamJson } from './json-stream';
import { DEFAULT_FIXES, WITHHELD, parseFixes, withheldCount, withheldSummary, withoutFix } from './fix-limit';

/**
 * A small organisation from the benches' seeded generator: 4 accounts of 25 roles give 28 findings,
 * with fixes of every form (vetted trust fixes, identity fixes, fixes that change no policy); one
 * finding without a fix is added last, as rules such as denied-attempt make them.
 */
function findingsOfSmallOrg(): Finding[] {
  const snapshot = generateOrg({ accounts: 4, rolesPerAccount: 25, seed: 1 });
  const findings = computeFindings({ snapshot, graph: buildGraph(snapshot), events: [] });
  const [account] = snapshot.accounts;
  findings.push({
    id: 'denied-attempt:no-fix',
    rule: 'denied-attempt',
    severity: 'low',
    title: 'A finding without a fix',
    message: 'Stands for the findings no rule proposes a fix for.',
    nodes: [],
    edges: [],
    evidence: [],
    ...(account ? { account: account.id } : {}),
  });
  return findings;
}

/**
 * `findings` with every read of a fix counted by position: the only way to a fix's vetting and its
 * re-check is reading `fix`, so a renderer that reads none beyond the limit works none of them out.
 */
function countingReads(findings: Finding[]): Set<number> {
  const read = new Set<number>();
  findings.forEach((f, i) => {
    const d = Object.getOwnPropertyDescriptor(f, 'fix');
    if (!d) return;
    const original = d.get
      ? (): Fix | undefined => d.get?.call(f) as Fix | undefined
      : (): Fix => d.value as Fix;
    // Keep what fix-peek knows (the fix before vetting) for the fixes that were plain values.
    if (!d.get) rememberUnvetted(f, d.value as Fix);
    Object.defineProperty(f, 'fix', {
      enumerable: true,
      configurable: true,
      get: () => {
        read.add(i);
        return original();
      },
    });
  });
  return read;
}

const below = (read: Set<number>, limit: number): boolean => [...read].every((i) => i < limit);

describe('parseFixes', () => {
  it('takes a whole number or all, and defaults above a small estate’s findings', () => {
    assert.deepEqual(parseFixes(undefined), { ok: true, value: DEFAULT_FIXES });
    assert.deepEqual(parseFixes('0'), { ok: true, value: 0 });
    assert.deepEqual(parseFixes('25'), { ok: true, value: 25 });
    assert.deepEqual(parseFixes('all'), { ok: true, value: Infinity });
    for (const bad of ['-1', '2.5', 'ten', '', '1e3']) assert.equal(parseFixes(bad).ok, false, bad);
  });
});

describe('fixes beyond the limit are never worked out', () => {
  it('finds which findings have a fix, and its target, without reading any fix', () => {
    const findings = findingsOfSmallOrg();
    const expected = findings.map((f) => (f.fix ? f.fix.target : undefined));
    const again = findingsOfSmallOrg();
    const read = countingReads(again);
    assert.deepEqual(
      again.map((f) => (hasFix(f) ? fixTarget(f) : undefined)),
      expected,
    );
    assert.equal(read.size, 0);
    assert.ok(expected.filter((t) => t !== undefined).length >= 20, 'fixes of several forms to test on');
    assert.ok(expected.includes(undefined), 'and findings without one');
  });

  it('JSON: the first N findings with their fix as before, the rest without it and marked', () => {
    const full = findingsOfSmallOrg();
    const findings = findingsOfSmallOrg();
    const read = countingReads(findings);
    const limit = 5;
    let text = '';
    streamJson(
      (t) => (text += t),
      { findings },
      findings,
      (f, i) => (i < limit ? f : withoutFix(f)),
    );
    assert.ok(below(read, limit), `fixes read at ${[...read].join(', ')}`);
    const printed = (JSON.parse(text) as { findings: Record<string, unknown>[] }).findings;
    const reference = JSON.parse(JSON.stringify(full)) as Record<string, unknown>[];
    assert.equal(printed.length, full.length);
    printed.forEach((p, i) => {
      const { fix, ...rest } = reference[i] as Record<string, unknown>;
      if (i < limit) assert.deepEqual(p, reference[i]);
      else assert.deepEqual(p, fix === undefined ? rest : { ...rest, fixWithheld: true });
    });
    assert.ok(withheldCount(findings, limit) > 10);
    assert.equal(withheldCount(findings, limit), printed.filter((p) => p.fixWithheld === true).length);
  });

  it('SARIF: results beyond N say their fix was not worked out, located on the fix’s target as before', () => {
    const full = findingsOfSmallOrg();
    const findings = findingsOfSmallOrg();
    const read = countingReads(findings);
    const limit = 3;
    const sarif = toSarif(findings, RULES, { fixes: limit, withheld: WITHHELD });
    assert.ok(below(read, limit), `fixes read at ${[...read].join(', ')}`);
    type Result = { message: { text: string }; locations: unknown[]; properties: Record<string, unknown> };
    const results = (sarif.runs as { results: Result[] }[])[0]?.results ?? [];
    const reference = (toSarif(full, RULES).runs as { results: Result[] }[])[0]?.results ?? [];
    results.forEach((r, i) => {
      const ref = reference[i] as Result;
      assert.deepEqual(r.locations, ref.locations, `location of result ${i}`);
      if (i < limit) return assert.deepEqual(r, ref);
      const hadFix = ref.properties.fix !== undefined;
      assert.equal(r.properties.fix, undefined);
      assert.equal(r.properties.fixWithheld, hadFix ? true : undefined);
      assert.equal(r.message.text.includes('NOT vetted or re-checked'), hadFix);
      assert.ok(!r.message.text.includes('re-checked') || !r.message.text.includes('\nStatement:'));
    });
  });

  it('table: the first N findings with fix and re-check, each later one with a fix says it was not', () => {
    const findings = findingsOfSmallOrg();
    const read = countingReads(findings);
    const limit = 4;
    const summary = { nodes: { total: 0, byKind: {} }, edges: { total: 0, byKind: {} } };
    let text = '';
    writeTable((t) => (text += t), summary, findings, [], [], limit);
    assert.ok(below(read, limit), `fixes read at ${[...read].join(', ')}`);
    const withheld = withheldCount(findings, limit);
    assert.equal(text.split(`fix: ${WITHHELD}`).length - 1, withheld);
    assert.ok(text.includes(withheldSummary(limit, withheld) ?? 'a summary'));
    const rechecks = text.split('re-check: ').length - 1;
    assert.ok(rechecks > 0 && rechecks <= limit, `${rechecks} re-checks printed`);
  });
});

describe('rolechain analyze --fixes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-fixes-'));
  writeAuthz(generateOrg({ accounts: 4, rolesPerAccount: 25, seed: 1 }), dir);
  const analyze = async (...args: string[]) => {
    const io = memoryIo();
    const code = await run([dir, ...args], io);
    assert.equal(code, 0, io.stderr);
    return io.stdout;
  };

  it('prints the same first findings as --fixes all, and says how many fixes it left out', async () => {
    type Doc = { fixes?: { shown: number; note: string }; findings: Record<string, unknown>[] };
    const all = JSON.parse(await analyze('--format', 'json', '--fixes', 'all')) as Doc;
    const some = JSON.parse(await analyze('--format', 'json', '--fixes', '3')) as Doc;
    assert.equal(all.fixes, undefined);
    assert.equal(some.fixes?.shown, 3);
    assert.match(some.fixes?.note ?? '', /NOT vetted or re-checked/);
    assert.deepEqual(some.findings.slice(0, 3), all.findings.slice(0, 3));
    const rest = some.findings.slice(3);
    assert.ok(rest.every((f) => f.fix === undefined));
    assert.deepEqual(
      rest.map((f) => f.fixWithheld === true),
      all.findings.slice(3).map((f) => f.fix !== undefined),
    );
    // Below the default, nothing is left out: the output is as it always was.
    assert.equal(await analyze('--format', 'json'), await analyze('--format', 'json', '--fixes', 'all'));
  });

  it('refuses a --fixes that is not a number or all', async () => {
    const io = memoryIo();
    assert.equal(await run([dir, '--fixes', 'some'], io), 2);
    assert.match(io.stderr, /--fixes is a whole number or all/);
  });
});
