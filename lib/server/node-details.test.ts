import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildGraph, indexGraph } from '../graph';
import {
  A,
  B,
  allow,
  bucket,
  doc,
  instance,
  profile,
  role,
  snapshotOf,
  trustAws,
  user,
} from '../graph/testkit';
import type { Snapshot } from '../model';
import { gapsOf } from '../model';
import type { Analysis } from './analysis';
import { nodeDetails, searchNodes } from './node-details';
import { searchKey } from '../model/text-match';

function analysisOf(roles: ReturnType<typeof role>[], parts: Partial<Snapshot> = {}): Analysis {
  const snapshot = snapshotOf({ roles, ...parts });
  const graph = buildGraph(snapshot);
  return {
    snapshot,
    graph,
    index: indexGraph(graph),
    findings: [],
    findingsByNode: new Map(),
    nodeFindings: new Map(),
    gaps: gapsOf(snapshot),
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

describe('nodeDetails, records looked up by key', () => {
  const trust = doc(trustAws(`arn:aws:iam::${B}:root`));
  const managedArn = `arn:aws:iam::${A}:policy/lake-read`;
  const managedDoc = doc(allow('s3:GetObject', 'arn:aws:s3:::lake/*'));
  const prof = profile(A, 'etl-profile', [`arn:aws:iam::${A}:role/etl`]);
  const a = analysisOf([role(A, 'etl', trust, [], { attachedPolicyArns: [managedArn] })], {
    users: [user(A, 'alice', [], { attachedPolicyArns: [managedArn] })],
    managedPolicies: [
      {
        arn: managedArn,
        name: 'lake-read',
        account: A,
        path: '/',
        defaultVersionId: 'v1',
        document: managedDoc,
        attachmentCount: 2,
      } as unknown as Snapshot['managedPolicies'][number],
    ],
    buckets: [bucket(A, 'lake', doc(allow('s3:GetObject', 'arn:aws:s3:::lake/*')))],
    instanceProfiles: [prof],
    instances: [instance(A, 'i-0abc', prof.arn)],
  });

  test('given a role, a user, a bucket, an instance profile and an instance, when each panel is built twice, then each shows its own record, the same both times', () => {
    const ids = [`arn:aws:iam::${A}:role/etl`, `arn:aws:iam::${A}:user/alice`, 'arn:aws:s3:::lake', prof.arn];
    for (const id of ids) assert.ok(a.index.nodes.has(id), id);
    const role = nodeDetails(a, ids[0]!)!;
    assert.deepEqual(
      role.policies.find((p) => p.kind === 'managed'),
      { kind: 'managed', name: 'lake-read', arn: managedArn, document: managedDoc },
    );
    const alice = nodeDetails(a, ids[1]!)!;
    assert.equal(alice.facts.arn, ids[1]);
    assert.equal(alice.policies[0]?.document, managedDoc);
    const lake = nodeDetails(a, ids[2]!)!;
    assert.equal(lake.facts.bucket, 'lake');
    assert.equal(lake.policies[0]?.kind, 'bucket');
    assert.equal(nodeDetails(a, ids[3]!)!.facts.arn, prof.arn);
    const inst = [...a.index.nodes.values()].find((n) => n.kind === 'instance');
    assert.ok(inst, 'the instance is drawn');
    assert.equal(nodeDetails(a, inst.id)!.facts.instanceId, 'i-0abc');
    for (const id of ids) assert.deepEqual(nodeDetails(a, id), nodeDetails(a, id));
  });
});

const collator = new Intl.Collator();

/** The answer as the scan made it before the ranks: every match, a stable sort by score then the collator. */
function plainSearch(a: Analysis, q: string, limit: number): string[] {
  const needle = searchKey(q.trim());
  return a.graph.nodes
    .map((n) => {
      const label = searchKey(n.label);
      const other = [n.id, n.arn, n.account].filter((o): o is string => o !== undefined).map(searchKey);
      const score = label.startsWith(needle)
        ? 0
        : label.includes(needle)
          ? 1
          : other.some((o) => o.includes(needle))
            ? 2
            : -1;
      return { n, score };
    })
    .filter((h) => h.score >= 0)
    .sort((x, y) => x.score - y.score || collator.compare(x.n.label, y.n.label))
    .slice(0, limit)
    .map((h) => h.n.id);
}

describe('searchNodes, its order against a plain sort', () => {
  const trust = doc(trustAws(`arn:aws:iam::${B}:root`));
  // Names the collator and code units order differently (case, accents, punctuation), and repeats.
  const names = [
    'etl',
    'ETL-b',
    'etl-a',
    'Étl-c',
    'etl_d',
    'zeta-etl',
    'alpha-etl',
    'Alpha-etl',
    'mid-etl-x',
    'etl',
    'e-t-l',
    'betaetl',
    'éte',
    'ete',
    'Ete',
    'x-etl-9',
    'x-etl-10',
    'nothing',
  ];
  const a = analysisOf(
    names.map((n, i) => role(B, `${n}`, trust, [], { arn: `arn:aws:iam::${B}:role/r${i}` })),
  );
  const reference = (q: string, limit: number) => plainSearch(a, q, limit);

  test('given queries that match by prefix, inside the name and by ARN, when searched at several limits, then the hits are those of the plain sort, in its order', () => {
    for (const q of ['etl', 'ET', 'e', 'te', 'r1', B, 'alpha', 'x etl'])
      for (const limit of [1, 2, 3, 5, 8, 20, 100])
        assert.deepEqual(
          searchNodes(a, q, limit).map((h) => h.id),
          reference(q, limit),
          `${q} / ${limit}`,
        );
  });
});

describe('searchNodes, long runs of one prefix', () => {
  // Runs of hundreds of names that start alike span many of the index's blocks (64 names each), with
  // case and accents that the collator orders otherwise than code units, and repeated names.
  const trust = doc(trustAws(`arn:aws:iam::${B}:root`));
  const stems = ['data', 'Data', 'dáta', 'data-x', 'dat', 'inst', 'Inst-a', 'svc'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const names = Array.from(
    { length: 900 },
    (_, i) => `${stems[next() % stems.length]!}-${next() % 300}${i % 5 === 0 ? '' : `-${i}`}`,
  );
  const a = analysisOf(names.map((n, i) => role(B, n, trust, [], { arn: `arn:aws:iam::${B}:role/r${i}` })));

  test('given 900 names in long runs, when prefixes are searched at several limits, then the hits are those of the plain sort, in its order', () => {
    for (const q of [
      'd',
      'da',
      'data',
      'data ',
      'data x',
      'dá',
      'dat',
      'i',
      'inst a',
      's',
      'svc 1',
      'r1',
      'zz',
    ])
      for (const limit of [1, 2, 7, 20, 64, 65, 100])
        assert.deepEqual(
          searchNodes(a, q, limit).map((h) => h.id),
          plainSearch(a, q, limit),
          `${q} / ${limit}`,
        );
  });
});
