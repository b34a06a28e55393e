/** The one query reader of /api/graph, /api/paths and /api/reach: every bad parameter named in the 400. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PathsQuery, ReachQuery } from '../app/paths';
import { parseQuery } from './query';
import { GraphQuery } from './graph-view';
import { OverviewQuery } from '../app/overview';
import { DiffQuery } from '../app/snapshot-diff';
import { FindingsQuery } from './findings-api';

const USAGE = 'Usage.';
const sp = (s: string) => new URLSearchParams(s);

async function refusal(r: ReturnType<typeof parseQuery>): Promise<{
  status: number;
  body: { code: string; message: string; issues: { path: string; message: string }[] };
}> {
  assert.ok(!r.ok, 'refused');
  return { status: r.response.status, body: (await r.response.json()) as never };
}

describe('reading a view query', () => {
  test('given good queries for each view, then they are read with their defaults', () => {
    const g = parseQuery(GraphQuery, sp('focus=arn:aws:iam::1:role/x&kinds=can-assume,observed'), USAGE);
    assert.ok(g.ok);
    assert.deepEqual(g.value, {
      focus: 'arn:aws:iam::1:role/x',
      depth: 2,
      kinds: ['can-assume', 'observed'],
      direction: 'both',
      hubs: 'stop',
    });
    const p = parseQuery(PathsQuery, sp('from=a&to=b&maxDepth=4'), USAGE);
    assert.ok(p.ok);
    assert.deepEqual(p.value, { from: 'a', to: 'b', maxDepth: 4 });
    const r = parseQuery(ReachQuery, sp('node=a&direction=to'), USAGE);
    assert.ok(r.ok);
    assert.deepEqual(r.value, { node: 'a', direction: 'to' });
  });

  test('given a depth out of range, then 400 bad_query names depth and says what is wrong', async () => {
    const { status, body } = await refusal(parseQuery(GraphQuery, sp('depth=99'), USAGE));
    assert.equal(status, 400);
    assert.equal(body.code, 'bad_query');
    assert.match(body.message, /^depth: .*8/);
    assert.match(body.message, /Usage\.$/);
    assert.deepEqual(
      body.issues.map((i) => i.path),
      ['depth'],
    );
  });

  test('given a missing node id, then the message says it is missing, by name', async () => {
    const { body } = await refusal(parseQuery(PathsQuery, sp('from=a'), USAGE));
    assert.match(body.message, /^to is missing\. Usage\.$/);
    const reach = await refusal(parseQuery(ReachQuery, sp('node=a&direction=sideways'), USAGE));
    assert.match(reach.body.message, /^direction: /);
  });

  test('given several bad parameters, then each is named', async () => {
    const { body } = await refusal(
      parseQuery(GraphQuery, sp('kinds=can-assume,teleports&account=12&depth=0'), USAGE),
    );
    for (const name of ['kinds \\(value 2\\)', 'account', 'depth'])
      assert.match(body.message, new RegExp(`\\b${name}: `));
    assert.match(body.message, /account: an account id is 12 digits/);
  });

  test('given a parameter twice, then it is refused, not one of the two taken', async () => {
    const { status, body } = await refusal(parseQuery(PathsQuery, sp('from=a&to=b&to=c'), USAGE));
    assert.equal(status, 400);
    assert.match(body.message, /^to is given more than once\./);
  });
});

describe("reading the other routes' queries (overview, findings, diff)", () => {
  test('given an overview sort it does not know, then the 400 names sort and lists its choices', async () => {
    const { status, body } = await refusal(parseQuery(OverviewQuery, sp('sort=size'), USAGE));
    assert.equal(status, 400);
    assert.match(body.message, /^sort: .*findings.*roles.*id/);
  });

  test('given a findings page too long and a severity twice, then each is refused by name', async () => {
    const long = await refusal(parseQuery(FindingsQuery, sp('limit=5000'), USAGE));
    assert.match(long.body.message, /^limit: at most \d+ a page\. Usage\.$/);
    const twice = await refusal(parseQuery(FindingsQuery, sp('severity=high&severity=low'), USAGE));
    assert.match(twice.body.message, /^severity is given more than once\./);
  });

  test('given a diff without its second snapshot, then to is named as missing', async () => {
    const { body } = await refusal(parseQuery(DiffQuery, sp('from=3'), USAGE));
    assert.match(body.message, /^to is missing\. Usage\.$/);
    const good = parseQuery(DiffQuery, sp('from=3&to=4'), USAGE);
    assert.ok(good.ok);
    assert.deepEqual(good.value, { from: 3, to: 4 });
  });
});
