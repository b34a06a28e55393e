/**
 * Every trust relationship of a real `get-account-authorization-details` file becomes an edge.
 *
 * Expected pairs come from `count-trust.mjs` (beside the fixtures), which reads the JSON alone; this
 * test only says which graph node stands for each principal form, as the README documents it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildGraph } from '../../lib/graph/build';
import type { GraphEdge, RoleGraph } from '../../lib/graph/types';
import { loadFromPaths } from '../../lib/sources/load';

const DIR = join(import.meta.dirname, '../fixtures/real/authz');

interface Pair {
  role: string;
  type: string;
  value: string;
  conditional: boolean;
}

const TRUST_EDGES = new Set<GraphEdge['kind']>(['can-assume', 'missing-permission', 'missing-trust']);

/** The node a principal form is drawn as, and the session name the edge carries for a session of a known role. */
function expectedSource(
  p: Pair,
  graph: RoleGraph,
): { source: string; session?: string; kind: string } | undefined {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const v = p.value;
  if (v === '*') return { source: 'anonymous', kind: 'anonymous' };
  if (p.type === 'Service') return { source: `service:${v.toLowerCase()}`, kind: 'service' };
  if (p.type === 'Federated')
    return v.startsWith('arn:')
      ? { source: v, kind: v.includes(':saml-provider/') ? 'saml-provider' : 'oidc-provider' }
      : { source: `federated:${v.toLowerCase()}`, kind: 'oidc-provider' };
  if (/^\d{12}$/.test(v)) return { source: `account:${v}`, kind: 'external-account|account' };
  const root = /^arn:aws:iam::(\d{12}):root$/.exec(v);
  if (root) return { source: `account:${root[1]}`, kind: 'external-account|account' };
  const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(v);
  if (session) {
    const role = graph.nodes.find(
      (n) => n.kind === 'role' && n.account === session[1] && n.label === session[2],
    );
    return role ? { source: role.id, session: session[3], kind: 'role' } : { source: v, kind: 'session' };
  }
  if (v.includes(':federated-user/')) return { source: v, kind: 'session' };
  const known = nodes.get(v)?.kind;
  return { source: v, kind: known === 'user' || known === 'role' ? known : 'external-principal' };
}

async function check(file: string, expectedFile: string): Promise<{ pairs: number; edges: number }> {
  const expected = JSON.parse(readFileSync(join(DIR, expectedFile), 'utf8')) as {
    roles: number;
    pairs: Pair[];
  };
  const loaded = await loadFromPaths([join(DIR, file)]);
  assert.equal(loaded.snapshot.roles.length, expected.roles);
  const graph = buildGraph(loaded.snapshot);
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const missing: string[] = [];
  for (const p of expected.pairs) {
    const want = expectedSource(p, graph);
    assert.ok(want, `${p.type} ${p.value}`);
    const e = graph.edges.find(
      (x) => TRUST_EDGES.has(x.kind) && x.source === want.source && x.target === p.role,
    );
    if (!e) {
      missing.push(`${p.type} ${p.value} -> ${p.role}`);
      continue;
    }
    assert.equal(e.session, want.session, `session name on ${e.id}`);
    const node = nodes.get(want.source);
    assert.ok(node && want.kind.split('|').includes(node.kind), `${want.source} drawn as ${node?.kind}`);
    // No condition in the trust statement and nothing else in the way: the engine allows outright.
    if (!p.conditional && e.kind === 'can-assume') assert.notEqual(e.decision, undefined);
    if (p.conditional) assert.equal(e.decision, 'Conditional', `${e.id} rests on the trust's conditions`);
  }
  assert.deepEqual(missing, [], 'every trust relationship has an edge');
  return { pairs: expected.pairs.length, edges: graph.edges.length };
}

describe('real authz files: every principal a trust names is an edge', () => {
  test('cloudsplaining example account: 78 roles, 40 of them trusting an Identity Center session', async () => {
    const { pairs } = await check(
      'cloudsplaining_examples_example.json',
      'cloudsplaining_examples_example.expected-trust.json',
    );
    assert.equal(pairs, 87);
  });

  test('the session edges come from the AWSReservedSSO role, marked with the user session', async () => {
    const loaded = await loadFromPaths([join(DIR, 'cloudsplaining_examples_example.json')]);
    const graph = buildGraph(loaded.snapshot);
    const sso =
      'arn:aws:iam::200611803367:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_dc6414f7f2ab04fc';
    const fromSso = graph.edges.filter((e) => e.source === sso && e.kind === 'can-assume');
    const asSession = fromSso.filter((e) => e.trustMatch === 'session');
    assert.equal(asSession.length, 40);
    assert.ok(asSession.every((e) => e.session === 'elad@codsec.io' && e.decision === 'Allow'));
    // The one other: privesc-permissive-role-trust trusts the account, and the role's AdministratorAccess asks.
    assert.deepEqual(
      fromSso.filter((e) => e.trustMatch !== 'session').map((e) => [e.target, e.trustMatch]),
      [['arn:aws:iam::200611803367:role/privesc-permissive-role-trust', 'account']],
    );
  });

  test('IAM User Guide principal forms: one role per form', async () => {
    const { pairs } = await check(
      'awsdocs_principal-forms.authz.json',
      'awsdocs_principal-forms.expected-trust.json',
    );
    assert.equal(pairs, 24);
  });

  test('a federated user is named by the trust but cannot call STS: a missing-permission edge that says why', async () => {
    const loaded = await loadFromPaths([join(DIR, 'awsdocs_principal-forms.authz.json')]);
    const graph = buildGraph(loaded.snapshot);
    const fed = 'arn:aws:sts::111122223333:federated-user/user-name';
    const e = graph.edges.find((x) => x.source === fed);
    assert.equal(e?.kind, 'missing-permission');
    assert.equal(e?.decision, 'ImplicitDeny');
    assert.match(e?.reasons?.[0]?.message ?? '', /GetFederationToken/);
    // The account's own providers are not external, even though no provider list was loaded.
    const saml = graph.nodes.find((n) => n.label === 'provider-name');
    assert.equal(saml?.external, undefined);
    assert.equal(graph.nodes.find((n) => n.label === 'accounts.google.com')?.external, true);
  });
});
