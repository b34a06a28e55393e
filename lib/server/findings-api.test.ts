import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding, Severity } from '../findings/types';
import type { FindingsPage } from './findings-api';
import {
  compareFindings,
  filterFindings,
  FindingsQuery,
  findingsExport,
  findingsPageBody,
} from './findings-api';

const finding = (
  severity: Severity,
  rule: string,
  subject: string,
  extra: Partial<Finding> = {},
): Finding => ({
  id: `${rule}:${subject}`,
  rule,
  severity,
  title: `${rule} on ${subject}`,
  message: `${subject} has a ${rule} problem.`,
  nodes: [`arn:aws:iam::111111111111:role/${subject}`],
  edges: [],
  evidence: [],
  ...extra,
});

/** 3 high missing-trust, 2 low unused-role, 4 low wildcard, 1 critical: 10, deliberately out of order. */
const ALL: Finding[] = [
  finding('low', 'unused-role', 'b'),
  finding('high', 'missing-trust', 'c'),
  finding('low', 'wildcard', 'w3'),
  finding('critical', 'admin-exposed', 'root'),
  finding('low', 'unused-role', 'a'),
  finding('high', 'missing-trust', 'a', { message: 'Spark ETL cannot assume its S3 role.' }),
  finding('low', 'wildcard', 'w1'),
  finding('high', 'missing-trust', 'b'),
  finding('low', 'wildcard', 'w4'),
  finding('low', 'wildcard', 'w2'),
];

const query = (params: Record<string, string>): FindingsQuery => {
  const q = FindingsQuery.safeParse(params);
  assert.ok(q.success, JSON.stringify(q.error?.issues));
  return q.data;
};
const page = (params: Record<string, string>, all: readonly Finding[] = ALL): FindingsPage =>
  JSON.parse(findingsPageBody(all, query(params), 7)) as FindingsPage;
const ids = (fs: readonly Finding[]) => fs.map((f) => f.id);

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

test('given no paging parameters, when parsed, then the first page of 100 is asked for', () => {
  const q = query({});
  assert.equal(q.limit, 100);
  assert.equal(q.offset, 0);
  assert.equal(q.format, undefined);
});

test('given bad paging parameters, when parsed, then each is named in the issues', () => {
  for (const [params, path] of [
    [{ limit: '0' }, 'limit'],
    [{ limit: '1001' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ limit: '2.5' }, 'limit'],
    [{ limit: '' }, 'limit'],
    [{ offset: '-1' }, 'offset'],
    [{ offset: 'x' }, 'offset'],
    [{ offset: '1.5' }, 'offset'],
    [{ severity: 'urgent' }, 'severity'],
    [{ format: 'xml' }, 'format'],
  ] as const) {
    const r = FindingsQuery.safeParse(params);
    assert.equal(r.success, false, JSON.stringify(params));
    assert.deepEqual(
      r.error.issues.map((i) => i.path.join('.')),
      [path],
      JSON.stringify(params),
    );
  }
  assert.equal(query({ limit: '1000' }).limit, 1000);
});

test('given findings in any order, when paged, then they come by severity, then rule, then id', () => {
  const expected = [
    'admin-exposed:root',
    'missing-trust:a',
    'missing-trust:b',
    'missing-trust:c',
    'unused-role:a',
    'unused-role:b',
    'wildcard:w1',
    'wildcard:w2',
    'wildcard:w3',
    'wildcard:w4',
  ];
  assert.deepEqual(ids(page({}).findings), expected);
  // Another array (another analysis) with the same findings reversed: the same order.
  assert.deepEqual(ids(page({}, [...ALL].reverse()).findings), expected);
  assert.deepEqual(ids([...ALL].sort(compareFindings)), expected);
});

test('given a small limit, when paging with nextOffset, then every finding comes exactly once, in order', () => {
  const seen: string[] = [];
  let offset: number | undefined = 0;
  let pages = 0;
  while (offset !== undefined) {
    const p = page({ limit: '3', offset: String(offset) });
    assert.equal(p.total, 10);
    assert.equal(p.limit, 3);
    assert.equal(p.offset, offset);
    assert.ok(p.findings.length <= 3);
    seen.push(...ids(p.findings));
    offset = p.nextOffset;
    pages++;
  }
  assert.equal(pages, 4);
  assert.deepEqual(seen, ids(page({ limit: '1000' }).findings));
});

test('given an offset at or past the end, when paged, then the page is empty and has no next', () => {
  for (const offset of ['10', '11', '5000']) {
    const p = page({ offset });
    assert.deepEqual(p.findings, []);
    assert.equal(p.total, 10);
    assert.equal(p.nextOffset, undefined);
  }
  const last = page({ offset: '9', limit: '5' });
  assert.deepEqual(ids(last.findings), ['wildcard:w4']);
  assert.equal(last.nextOffset, undefined);
});

test('given a page of one, then the counts describe the whole filtered list, not the page', () => {
  const p = page({ limit: '1' });
  assert.equal(p.findings.length, 1);
  assert.equal(p.nextOffset, 1);
  assert.deepEqual(p.counts.severity, { critical: 1, high: 3, low: 6 });
  assert.deepEqual(p.counts.rule, { 'admin-exposed': 1, 'missing-trust': 3, 'unused-role': 2, wildcard: 4 });
  assert.deepEqual(p.counts.groups, [
    { severity: 'critical', rule: 'admin-exposed', count: 1 },
    { severity: 'high', rule: 'missing-trust', count: 3 },
    { severity: 'low', rule: 'unused-role', count: 2 },
    { severity: 'low', rule: 'wildcard', count: 4 },
  ]);
  assert.equal(p.snapshot, 7);
});

test('given filters, then total and counts are after the filters and the page is a slice of them', () => {
  const low = page({ severity: 'low', limit: '2', offset: '1' });
  assert.equal(low.total, 6);
  assert.deepEqual(low.counts.severity, { low: 6 });
  assert.deepEqual(ids(low.findings), ['unused-role:b', 'wildcard:w1']);

  const rule = page({ rule: 'missing-trust' });
  assert.deepEqual(ids(rule.findings), ['missing-trust:a', 'missing-trust:b', 'missing-trust:c']);
  assert.deepEqual(rule.counts.groups, [{ severity: 'high', rule: 'missing-trust', count: 3 }]);

  const node = page({ node: 'arn:aws:iam::111111111111:role/a' });
  assert.deepEqual(ids(node.findings), ['missing-trust:a', 'unused-role:a']);

  const none = page({ rule: 'no-such-rule' });
  assert.equal(none.total, 0);
  assert.deepEqual(none.findings, []);
  assert.deepEqual(none.counts, { severity: {}, rule: {}, groups: [] });
});

test('given text, then it matches title, message, rule, id or node, without regard to case; blank matches all', () => {
  assert.deepEqual(ids(page({ q: 'SPARK etl' }).findings), ['missing-trust:a']);
  assert.deepEqual(ids(page({ q: 'role/w2' }).findings), ['wildcard:w2']);
  assert.equal(page({ q: 'unused-ROLE' }).total, 2);
  assert.equal(page({ q: '   ' }).total, 10);
  assert.deepEqual(ids(filterFindings(ALL, { q: 'wildcard on w3' })), ['wildcard:w3']);
});

test('given words for a rule, then spaces, hyphens and underscores match alike, as the rule id is written', () => {
  // The issue's case: "missing trust" found nothing while "missing-trust" worked.
  assert.equal(page({ q: 'missing trust' }).total, 3);
  assert.equal(page({ q: 'Missing_Trust' }).total, 3);
  assert.equal(page({ q: 'unused role' }).total, 2);
  assert.equal(page({ q: 'missing trusts' }).total, 0);
});

test('given a JSON export, then it holds the whole filtered list in order, whatever limit and offset say', async () => {
  const body = await readAll(
    findingsExport(ALL, query({ format: 'json', severity: 'low', limit: '1', offset: '3' }), 7),
  );
  const parsed = JSON.parse(body) as { snapshot: number; total: number; findings: Finding[] };
  assert.equal(parsed.snapshot, 7);
  assert.equal(parsed.total, 6);
  assert.deepEqual(parsed.findings, filterFindings(ALL, { severity: 'low' }));
  assert.deepEqual(JSON.parse(await readAll(findingsExport([], query({ format: 'json' }), 1))), {
    snapshot: 1,
    total: 0,
    findings: [],
  });
});

test('given more findings than one chunk, when exported, then the stream carries them all', async () => {
  const many = Array.from({ length: 1234 }, (_, i) =>
    finding('medium', 'r', `s${String(i).padStart(5, '0')}`),
  );
  const json = JSON.parse(await readAll(findingsExport(many, query({ format: 'json' }), 1))) as {
    findings: Finding[];
  };
  assert.deepEqual(ids(json.findings), ids([...many].sort(compareFindings)));
  const csv = await readAll(findingsExport(many, query({ format: 'csv' }), 1));
  const lines = csv.split('\r\n');
  assert.equal(lines[0], 'severity,rule,title,message,nodes,fix,cli,id');
  assert.equal(lines.length, 1 + 1234 + 1);
  assert.equal(lines.at(-1), '');
});

test('given a CSV export, then each finding is one escaped row with its fix', async () => {
  const withFix = finding('high', 'missing-trust', 'x', {
    title: '=cmd|calc',
    fix: {
      summary: 'Add the statement',
      target: 'arn:x',
      policyKind: 'trust',
      cli: 'aws iam update-assume-role-policy',
    },
  });
  const csv = await readAll(findingsExport([withFix], query({ format: 'csv' }), 1));
  const [, row] = csv.split('\r\n');
  assert.equal(
    row,
    `"high","missing-trust","'=cmd|calc","x has a missing-trust problem.","arn:aws:iam::111111111111:role/x","Add the statement","aws iam update-assume-role-policy","missing-trust:x"`,
  );
});
