/**
 * IAM Identity Center files (test/fixtures/real/identity-center/README.md): permission sets, account
 * assignments, users and groups read through the import readers, and an AWSReservedSSO role linked to them.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Role } from '../../lib/model';
import { assignmentsOfRole, icUserBySubject, permissionSetNameOf } from '../../lib/model';
import { buildGraph } from '../../lib/graph';
import { loadFromPaths } from '../../lib/sources/load';

const DIR = join(import.meta.dirname, '../fixtures/real/identity-center');

const role = (name: string, path: string): Role => ({
  arn: `arn:aws:iam::111122223333:role${path}${name}`,
  name,
  path,
  id: 'AROAEXAMPLE',
  account: '111122223333',
  maxSessionDuration: 43200,
  trustPolicy: {},
  inlinePolicies: [],
  attachedPolicyArns: [],
  tags: {},
  instanceProfileArns: [],
});

test('given the sso-admin and identitystore files, when imported, then the AWSReservedSSO role is linked to its permission set and the user and group assigned in its account', async () => {
  const r = await loadFromPaths([join(DIR, 'identity-center')]);
  assert.deepEqual(r.warnings, []);
  const ic = r.snapshot.identityCenter;
  assert.ok(ic);
  assert.deepEqual(
    ic.permissionSets.map((p) => [p.name, p.sessionDuration]),
    [['DataEngineer', 'PT8H']],
  );
  const sso = role(
    'AWSReservedSSO_DataEngineer_0123456789abcdef',
    '/aws-reserved/sso.amazonaws.com/eu-west-1/',
  );
  assert.equal(permissionSetNameOf(sso), 'DataEngineer');
  const linked = assignmentsOfRole(ic, sso);
  assert.equal(linked?.permissionSet?.name, 'DataEngineer');
  assert.deepEqual(linked?.principals.map((p) => `${p.type} ${p.name ?? p.id}`).sort(), [
    'GROUP data-engineers',
    'USER jdoe@example.com',
  ]);
  // The same name on another path is not Identity Center's.
  assert.equal(assignmentsOfRole(ic, role(sso.name, '/')), undefined);
  // Another account has no assignment of this permission set.
  assert.deepEqual(assignmentsOfRole(ic, { ...sso, account: '444455556666' })?.principals, []);
  // A SAML session's subject is the user name (or e-mail) of the identity-store user.
  assert.equal(icUserBySubject(ic, 'JDoe@example.com')?.displayName, 'John Doe');
});

const CLOUDSPLAINING = join(
  import.meta.dirname,
  '../fixtures/real/authz/cloudsplaining_examples_example.json',
);
const ADMIN =
  'arn:aws:iam::200611803367:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_dc6414f7f2ab04fc';
const VIEW =
  'arn:aws:iam::200611803367:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ViewOnlyAccess_0ace44bbc7092ea8';
const USER = 'arn:aws:identitystore:::user/906722b2be-0f2c4d5e-6f70-4a8b-9c1d-2e3f4a5b6c7d';
const PS = 'arn:aws:sso:::permissionSet/ssoins-7223f5e3a0a1c0d3/ps-0f1e2d3c4b5a6978';

test('given a real account’s AWSReservedSSO roles and its Identity Center files, when the graph is built, then the assigned user runs as the AdministratorAccess role, conditional on SAML:aud as the SAML provider is, and nobody is linked to ViewOnlyAccess', async () => {
  const r = await loadFromPaths([
    CLOUDSPLAINING,
    join(DIR, 'cloudsplaining-200611803367'),
    join(DIR, 'identity-center/describe-user'),
  ]);
  assert.deepEqual(r.warnings, []);
  const g = buildGraph(r.snapshot);
  const into = (role: string) => g.edges.filter((e) => e.target === role);
  const user = g.nodes.find((n) => n.id === USER);
  assert.equal(user?.kind, 'ic-user');
  assert.equal(user?.label, 'jdoe@example.com');
  const runs = into(ADMIN).filter((e) => e.kind === 'runs-as');
  assert.deepEqual(
    runs.map((e) => [e.source, e.decision, e.action]),
    [[USER, 'Conditional', 'sts:AssumeRoleWithSAML']],
  );
  assert.deepEqual(
    runs[0]?.openConditions?.map((c) => `${c.key} ${c.values.join()}`),
    ['SAML:aud https://signin.aws.amazon.com/saml'],
  );
  const saml = into(ADMIN).find((e) =>
    e.source.endsWith(':saml-provider/AWSSSO_b937d2dff24f2774_DO_NOT_DELETE'),
  );
  assert.equal(saml?.decision, 'Conditional');
  assert.deepEqual(
    into(ADMIN)
      .filter((e) => e.kind === 'has-profile')
      .map((e) => e.source),
    [PS],
  );
  assert.equal(g.nodes.find((n) => n.id === PS)?.kind, 'permission-set');
  assert.deepEqual(
    into(VIEW)
      .filter((e) => e.kind === 'runs-as' || e.kind === 'has-profile')
      .map((e) => e.id),
    [],
  );
  assert.equal(g.nodes.find((n) => n.id === VIEW)?.meta?.permissionSetNotFound, true);

  const bare = buildGraph((await loadFromPaths([CLOUDSPLAINING])).snapshot);
  const admin = bare.nodes.find((n) => n.id === ADMIN);
  assert.equal(admin?.meta?.identityCenterNotRead, true);
  assert.equal(admin?.meta?.permissionSet, 'AdministratorAccess');
  assert.ok(!bare.nodes.some((n) => n.kind === 'ic-user' || n.kind === 'permission-set'));
});
