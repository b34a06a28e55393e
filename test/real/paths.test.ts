/**
 * Path questions on a public account (cloudsplaining's example, BSD-3-Clause). Expected answers are
 * derived by hand in test/fixtures/real/paths/README.md, and the SSO fan-out from count-trust.mjs's
 * independent list of trust pairs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { runPaths, runReach } from '../../lib/app/paths';
import type { GraphIndex } from '../../lib/graph';
import { buildGraph, indexGraph, pathsBetween, reach } from '../../lib/graph';
import type { Snapshot } from '../../lib/model';
import { loadFromPaths } from '../../lib/sources/load';

const DIR = join(import.meta.dirname, '../fixtures/real/authz');
const R = (n: string) => `arn:aws:iam::200611803367:role/${n}`;
const SSO_ROLE = R('aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_dc6414f7f2ab04fc');
const SSO_SESSION =
  'arn:aws:sts::200611803367:assumed-role/AWSReservedSSO_AdministratorAccess_dc6414f7f2ab04fc/elad@codsec.io';

let snapshot: Snapshot;
let index: GraphIndex;

before(async () => {
  snapshot = (await loadFromPaths([join(DIR, 'cloudsplaining_examples_example.json')])).snapshot;
  index = indexGraph(buildGraph(snapshot));
});

describe('paths in a real account', () => {
  test('given the privesc AssumeRole roles, when asked how the starting role reaches the ending role, then one two-hop chain works', () => {
    const r = pathsBetween(index, R('privesc-AssumeRole-starting-role'), R('privesc-AssumeRole-ending-role'));
    assert.deepEqual(
      r.paths.map((p) => [p.verdict, p.nodes]),
      [
        [
          'works',
          [
            R('privesc-AssumeRole-starting-role'),
            R('privesc-AssumeRole-intermediate-role'),
            R('privesc-AssumeRole-ending-role'),
          ],
        ],
      ],
    );
    assert.equal(r.truncated, false);
  });

  test('given the whole-account trust of privesc-permissive-role-trust, when reached from the starting role, then only through the ending role (whose policy allows *)', () => {
    const r = reach(index, R('privesc-AssumeRole-starting-role'), 'from');
    const to = r.entries.find((e) => e.node.id === R('privesc-permissive-role-trust'));
    assert.equal(to?.verdict, 'works');
    assert.deepEqual(to?.path.nodes.slice(-2), [
      R('privesc-AssumeRole-ending-role'),
      R('privesc-permissive-role-trust'),
    ]);
  });

  test('given the SSO session 40 roles trust, when asked what its role reaches in one hop, then those 40 come conditional on that session name', () => {
    const expected = (
      JSON.parse(readFileSync(join(DIR, 'cloudsplaining_examples_example.expected-trust.json'), 'utf8')) as {
        pairs: { role: string; value: string }[];
      }
    ).pairs
      .filter((p) => p.value === SSO_SESSION)
      .map((p) => p.role)
      .sort();
    assert.equal(expected.length, 40);
    const r = reach(index, SSO_ROLE, 'from');
    const direct = r.entries.filter((e) => e.path.edges.length === 1 && expected.includes(e.node.id));
    assert.deepEqual(direct.map((e) => e.node.id).sort(), expected);
    for (const e of direct) {
      assert.equal(e.verdict, 'conditional', e.node.id);
      assert.ok(
        e.open.some((o) => o.text.includes('elad@codsec.io')),
        e.node.id,
      );
    }
    // Never working through a session-only trust, however far the chain goes.
    const ending = r.entries.find((e) => e.node.id === R('privesc-AssumeRole-ending-role'));
    assert.equal(ending?.verdict, 'conditional');
  });

  test('given privesc-sre-role, when asked who can reach it, then exactly privesc-sre-user, working', () => {
    const r = reach(index, R('privesc-sre-role'), 'to');
    assert.deepEqual(
      r.entries.map((e) => [e.node.id, e.verdict]),
      [['arn:aws:iam::200611803367:user/privesc-sre-user', 'works']],
    );
  });

  test('given the file read in full, when the use case answers, then working stays working and no data note is invented', () => {
    const r = runPaths(
      { snapshot, index },
      {
        from: R('privesc-AssumeRole-starting-role'),
        to: R('privesc-AssumeRole-ending-role'),
      },
    );
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.paths.map((p) => [p.verdict, p.dataNotes.length]),
      [['works', 0]],
    );
  });

  test('given the account IAM read only partly, when the use case answers, then the working chain is incomplete and names the part', () => {
    const partial: Snapshot = {
      ...snapshot,
      coverage: [
        {
          source: 'iam',
          account: '200611803367',
          state: 'partial',
          readAt: snapshot.createdAt,
          failures: [
            { call: 'iam:GetAccountAuthorizationDetails', code: 'Truncated', message: 'IsTruncated' },
          ],
        },
      ],
    };
    const r = runPaths(
      { snapshot: partial, index },
      {
        from: R('privesc-AssumeRole-starting-role'),
        to: R('privesc-AssumeRole-ending-role'),
      },
    );
    assert.ok(r.ok);
    assert.equal(r.value.paths[0]?.verdict, 'incomplete');
    assert.equal(r.value.paths[0]?.graphVerdict, 'works');
    assert.match(r.value.paths[0]?.dataNotes[0] ?? '', /200611803367.*read only partly/);
    const who = runReach({ snapshot: partial, index }, { node: R('privesc-sre-role'), direction: 'to' });
    assert.ok(who.ok);
    assert.deepEqual(
      who.value.entries.map((e) => e.verdict),
      ['incomplete'],
    );
  });
});
