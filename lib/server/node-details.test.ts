import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildGraph, indexGraph } from '../graph';
import { B, doc, role, snapshotOf, trustAws } from '../graph/testkit';
import type { Analysis } from './analysis';
import { nodeDetails, searchNodes } from './node-details';

function analysisOf(roles: ReturnType<typeof role>[]): Analysis {
  const snapshot = snapshotOf({ roles });
  const graph = buildGraph(snapshot);
  return {
    snapshot,
    graph,
    index: indexGraph(graph),
    findings: [],
    findingsByNode: new Map(),
    nodeFindings: new Map(),
    bodies: new Map(),
  } as unknown as Analysis;
}

describe('nodeDetails, a role’s MaxSessionDuration', () => {
  const trust = doc(trustAws(`arn:aws:iam::${B}:root`));

  test('given a role read from authorization details only, when its panel is built, then the limit shows as unknown with the reason, not 3600', () => {
    const r = role(B, 'export-s3-role', trust, [], { maxSessionDurationKnown: false });
    const d = nodeDetails(analysisOf([r]), r.arn);
    const fact = String(d?.facts.maxSessionDuration);
    assert.match(fact, /^unknown: get-account-authorization-details does not carry it/);
    assert.match(fact, /aws iam list-roles/);
  });

  test('given a role whose limit list-roles gave, when its panel is built, then the number shows', () => {
    const r = role(B, 'export-s3-role', trust, [], { maxSessionDuration: 43200 });
    assert.equal(nodeDetails(analysisOf([r]), r.arn)?.facts.maxSessionDuration, 43200);
  });
});

describe('nodeDetails, roles AWS creates', () => {
  test('given OrganizationAccountAccessRole, when its panel is built, then it says who creates it and why it trusts the management account', () => {
    const r = role(B, 'OrganizationAccountAccessRole', doc(trustAws('arn:aws:iam::100000000001:root')));
    assert.match(
      String(nodeDetails(analysisOf([r]), r.arn)?.facts.createdBy),
      /^AWS Organizations: .*management account/,
    );
  });

  test('given an ordinary role, when its panel is built, then no creator is claimed', () => {
    const r = role(B, 'etl-role', doc(trustAws(`arn:aws:iam::${B}:root`)));
    assert.equal(nodeDetails(analysisOf([r]), r.arn)?.facts.createdBy, undefined);
  });
});

describe('nodeDetails, the names of the other ends', () => {
  test('given a role another role may assume, when either panel is built, then both ends are named by role name, not ARN', () => {
    const target = role(B, 'doris-s3-role', doc(trustAws(`arn:aws:iam::${B}:role/doris-be-instance-role`)));
    const source = role(B, 'doris-be-instance-role', doc(trustAws(`arn:aws:iam::${B}:root`)), [
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: target.arn },
    ]);
    const a = analysisOf([source, target]);
    const t = nodeDetails(a, target.arn);
    const incoming = t?.edgesIn.find((e) => e.source === source.arn);
    assert.ok(incoming, 'the assume edge is in the target’s panel');
    assert.equal(t?.labels[source.arn], 'doris-be-instance-role');
    const s = nodeDetails(a, source.arn);
    assert.equal(s?.labels[target.arn], 'doris-s3-role');
    // Every edge end has a name, so the panel never falls back to an id it cannot shorten.
    for (const e of [...(s?.edgesIn ?? []), ...(s?.edgesOut ?? [])]) {
      assert.ok(s?.labels[e.source] !== undefined);
      assert.ok(s?.labels[e.target] !== undefined);
    }
  });
});

describe('searchNodes', () => {
  const trust = doc(trustAws(`arn:aws:iam::${B}:root`));
  const a = analysisOf([
    role(B, 'lakehouse-admin-role', trust, []),
    role(B, 'doris_s3_role', trust, []),
    role(B, 'admin', trust, []),
  ]);
  const labels = (q: string) => searchNodes(a, q).map((h) => h.label);

  test('given part of a name in any case, then the node is found, names that start with it first', () => {
    assert.deepEqual(labels('ADMIN'), ['admin', 'lakehouse-admin-role']);
  });

  test('given words, then spaces, hyphens and underscores match alike', () => {
    assert.deepEqual(labels('doris s3'), ['doris_s3_role']);
    assert.deepEqual(labels('lakehouse admin'), ['lakehouse-admin-role']);
  });

  test('given a full ARN or an account id, then the node is found by it', () => {
    assert.deepEqual(labels(`arn:aws:iam::${B}:role/doris_s3_role`), ['doris_s3_role']);
    assert.ok(labels(B).includes('lakehouse-admin-role'));
  });

  test('given text in no field, then nothing', () => {
    assert.deepEqual(labels('no-such-thing'), []);
  });

  test('given more matches than the limit, then the first ones of the whole ordering, in order', () => {
    const many = analysisOf(
      ['zeta-etl', 'alpha-etl', 'etl-b', 'Etl-a', 'mid-etl-x', 'beta-etl', 'etl-c', 'gamma-etl'].map((n) =>
        role(B, n, trust, []),
      ),
    );
    const all = searchNodes(many, 'etl', 100).map((h) => h.label);
    // Names that start with it first, each group by name; ARNs and ids match every role too (account B).
    assert.deepEqual(all.slice(0, 3), ['Etl-a', 'etl-b', 'etl-c']);
    for (const limit of [1, 2, 3, 4, 7])
      assert.deepEqual(
        searchNodes(many, 'etl', limit).map((h) => h.label),
        all.slice(0, limit),
      );
  });
});
