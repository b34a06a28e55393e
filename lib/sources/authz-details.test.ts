import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readAuthorizationDetails } from './authz-details';

const SAMPLES = join(import.meta.dirname, 'fixtures', 'samples', 'authz');
const FIXTURES = join(import.meta.dirname, 'fixtures', 'layout', 'accounts');
const load = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8'));

describe('readAuthorizationDetails on real output', () => {
  it('given cloudsplaining example output (CLI, decoded), when read, then everything is there and nothing warns', () => {
    const { part, warnings } = readAuthorizationDetails(
      load(join(SAMPLES, 'cloudsplaining_test_example-authz-details.json')),
      'a.json',
    );
    assert.deepEqual(warnings, []);
    assert.equal(part.users.length, 3);
    assert.equal(part.groups.length, 2);
    assert.equal(part.roles.length, 3);
    assert.equal(part.managedPolicies.length, 32);
    assert.equal(part.managedPolicies.filter((p) => p.account === undefined).length, 30);
    assert.deepEqual(part.accounts, [{ id: '012345678901' }]);
    const ec2 = part.roles.find((r) => r.name === 'OverprivilegedEC2')!;
    assert.deepEqual(ec2.instanceProfileArns, [
      'arn:aws:iam::012345678901:instance-profile/OverprivilegedEC2',
    ]);
    assert.deepEqual(ec2.lastUsed, { date: '2019-01-20T18:48:00Z', region: 'us-east-1' });
    // RoleDetail carries no MaxSessionDuration: unknown, with IAM's 3600 s floor as the number.
    assert.equal(ec2.maxSessionDuration, 3600);
    assert.equal(ec2.maxSessionDurationKnown, false);
    assert.equal(part.instanceProfiles.length, 1);
    const codeCommit = part.managedPolicies.find((p) => p.arn.endsWith('/AWSCodeCommitPowerUser'))!;
    assert.equal(codeCommit.defaultVersionId, 'v11');
    const obama = part.users.find((u) => u.name === 'obama')!;
    assert.deepEqual(obama.groupNames, ['admin']);
    assert.equal(obama.createDate, '2019-12-18T19:10:08Z');
  });

  it('given the small complete example, when read, then it reads without warnings', () => {
    const { part, warnings } = readAuthorizationDetails(
      load(join(SAMPLES, 'cloudsplaining_test_example_authz_details_for_overrides_complete.json')),
      'b.json',
    );
    assert.deepEqual(warnings, []);
    assert.equal(part.roles.length, 2);
    assert.equal(part.managedPolicies.length, 3);
  });

  it('given raw API output with URL-encoded documents, when read, then each is decoded exactly once', () => {
    const { part, warnings } = readAuthorizationDetails(
      load(join(FIXTURES, '222222222222', 'iam', 'get-account-authorization-details.json')),
      'raw.json',
    );
    assert.deepEqual(warnings, []);
    const role = part.roles[0]!;
    assert.equal(role.maxSessionDuration, 7200);
    assert.equal(role.maxSessionDurationKnown, undefined, 'given in the file, so known');
    assert.equal(role.path, '/data/');
    const trust = role.trustPolicy as {
      Statement: { Condition: { StringEquals: Record<string, string> } }[];
    };
    assert.equal(trust.Statement[0]!.Condition.StringEquals['sts:ExternalId'], 'doris-%41-ext');
    assert.equal(role.inlinePolicies[0]!.name, 'read-lake');
    assert.equal(typeof role.inlinePolicies[0]!.document, 'object');
  });
});

describe('readAuthorizationDetails on broken input', () => {
  const role = (over: Record<string, unknown>) => ({
    Path: '/',
    RoleName: 'r',
    RoleId: 'AROAX',
    Arn: 'arn:aws:iam::123456789012:role/r',
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] },
    RolePolicyList: [],
    AttachedManagedPolicies: [],
    Tags: [{ Key: 'k', Value: 'v' }],
    ...over,
  });

  it('given an inline policy that is not JSON after decoding, when read, then it is left out with a warning naming file, principal and policy', () => {
    const json = {
      RoleDetailList: [
        role({
          RolePolicyList: [
            { PolicyName: 'broken', PolicyDocument: '%7B%22Version%22%3A%222012' },
            { PolicyName: 'fine', PolicyDocument: { Version: '2012-10-17', Statement: [] } },
          ],
        }),
      ],
    };
    const { part, warnings } = readAuthorizationDetails(json, 'acct/authz.json');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.code, 'invalid-policy-document');
    assert.equal(warnings[0]!.source, 'acct/authz.json');
    assert.match(warnings[0]!.message, /acct\/authz\.json.*role arn:aws:iam::123456789012:role\/r.*broken/);
    assert.deepEqual(
      part.roles[0]!.inlinePolicies.map((p) => p.name),
      ['fine'],
    );
    assert.deepEqual(part.roles[0]!.tags, { k: 'v' });
  });

  it('given a trust policy that cannot be decoded, when read, then the role keeps no trust policy (nobody may assume), never a permissive one', () => {
    const { part, warnings } = readAuthorizationDetails(
      { RoleDetailList: [role({ AssumeRolePolicyDocument: '{not json' })] },
      'f',
    );
    assert.equal(part.roles[0]!.trustPolicy, undefined);
    assert.match(warnings[0]!.message, /trust policy/);
  });

  it('given a role without an Arn and a policy without a default version, when read, then both are skipped with warnings and the rest reads', () => {
    const { part, warnings } = readAuthorizationDetails(
      {
        RoleDetailList: [role({ Arn: undefined, RoleName: 'nameless' }), role({})],
        Policies: [
          {
            PolicyName: 'p',
            Arn: 'arn:aws:iam::123456789012:policy/p',
            DefaultVersionId: 'v3',
            PolicyVersionList: [{ Document: {}, VersionId: 'v1', IsDefaultVersion: false }],
          },
        ],
      },
      'f',
    );
    assert.equal(part.roles.length, 1);
    assert.equal(part.managedPolicies.length, 0);
    assert.deepEqual(
      warnings.map((w) => w.code),
      ['invalid-field', 'missing-default-version'],
    );
    assert.match(warnings[0]!.message, /nameless/);
  });

  it('given JSON that is not authorization details, when read, then it is one unsupported-format warning', () => {
    const { part, warnings } = readAuthorizationDetails({ Records: [] }, 'f');
    assert.equal(part.roles.length, 0);
    assert.equal(warnings[0]!.code, 'unsupported-format');
  });
});

describe('readAuthorizationDetails on real output with fields AWS marks optional left out', () => {
  // The small cloudsplaining sample, with what some emulators and exports omit removed. Expected values
  // by hand from the ARNs (IAM's ARN format: arn:aws:iam::<account>:<type>/<path…>/<name>).
  const omit = (): Record<string, unknown[]> => {
    const json = load(
      join(SAMPLES, 'cloudsplaining_test_example_authz_details_for_overrides_complete.json'),
    ) as Record<string, Record<string, unknown>[]>;
    const admin = json.Policies!.find((p) => p.Arn === 'arn:aws:iam::aws:policy/AdministratorAccess')!;
    delete admin.PolicyName;
    delete admin.Path;
    delete admin.PolicyId;
    const goat = json.RoleDetailList!.find((r) => r.RoleName === 'GOATRole')!;
    delete goat.RoleName;
    delete goat.RoleId;
    goat.Arn = 'arn:aws:iam::012345678901:role/service/GOATRole';
    delete goat.Path;
    delete (goat.RolePolicyList as Record<string, unknown>[])[0]!.PolicyName;
    delete json.GroupDetailList![0]!.GroupName;
    delete json.UserDetailList![0]!.UserId;
    return json;
  };

  it('given a managed policy without PolicyName, Path or PolicyId, when read, then it is kept under the name its ARN holds, with one warning', () => {
    const { part, warnings } = readAuthorizationDetails(omit(), 'emu.json');
    assert.equal(part.managedPolicies.length, 3, 'no policy dropped');
    const admin = part.managedPolicies.find((p) => p.arn === 'arn:aws:iam::aws:policy/AdministratorAccess')!;
    assert.equal(admin.name, 'AdministratorAccess');
    assert.equal(admin.path, '/');
    assert.ok(
      warnings.some(
        (w) =>
          w.code === 'derived-field' &&
          w.message.includes('arn:aws:iam::aws:policy/AdministratorAccess') &&
          w.message.includes('PolicyName from its ARN'),
      ),
      JSON.stringify(warnings),
    );
    assert.ok(!warnings.some((w) => w.code === 'invalid-field'), JSON.stringify(warnings));
  });

  it('given a role without RoleName, RoleId and Path, and an inline policy without a name, when read, then the role keeps its policies and attachments', () => {
    const { part, warnings } = readAuthorizationDetails(omit(), 'emu.json');
    assert.equal(part.roles.length, 2, 'no role dropped');
    const goat = part.roles.find((r) => r.arn === 'arn:aws:iam::012345678901:role/service/GOATRole')!;
    assert.equal(goat.name, 'GOATRole');
    assert.equal(goat.path, '/service/');
    assert.equal(goat.id, '');
    assert.deepEqual(goat.attachedPolicyArns, [
      'arn:aws:iam::012345678901:policy/PolicyForTestingOverrides',
      'arn:aws:iam::aws:policy/AdministratorAccess',
    ]);
    assert.equal(goat.inlinePolicies.length, 1);
    assert.equal(goat.inlinePolicies[0]!.name, 'inline-policy-1');
    assert.ok(goat.trustPolicy !== undefined);
    assert.ok(warnings.some((w) => w.message.includes('inline policy 1 has no PolicyName')));
    assert.ok(warnings.some((w) => w.message.includes('Path from its ARN')));
  });

  it('given a group without GroupName and a user without UserId, when read, then both are kept', () => {
    const { part, warnings } = readAuthorizationDetails(omit(), 'emu.json');
    assert.equal(part.groups[0]!.name, 'GOATGroup');
    assert.equal(part.users[0]!.name, 'BlakeBortles');
    assert.equal(part.users[0]!.id, '');
    assert.ok(!warnings.some((w) => w.code === 'invalid-field'), JSON.stringify(warnings));
  });

  it('given a policy without an Arn, when read, then it is still skipped: nothing else identifies it', () => {
    const json = omit();
    delete (json.Policies![0] as Record<string, unknown>).Arn;
    const { part, warnings } = readAuthorizationDetails(json, 'emu.json');
    assert.equal(part.managedPolicies.length, 2);
    assert.ok(warnings.some((w) => w.code === 'invalid-field' && w.message.includes('Policies[0]')));
  });
});
