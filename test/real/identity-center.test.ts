/**
 * IAM Identity Center files (test/fixtures/real/identity-center/README.md): permission sets, account
 * assignments, users and groups read through the import readers, and an AWSReservedSSO role linked to them.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Role } from '../../lib/model';
import { assignmentsOfRole, icUserBySubject, permissionSetNameOf } from '../../lib/model';
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
  const r = await loadFromPaths([DIR]);
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
