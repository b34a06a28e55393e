import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  readInstanceProfiles,
  readOidcProvider,
  readOidcProviderList,
  readSamlProviders,
} from './iam-extras';
import { assembleOrganization, emptyOrgPieces, orgFormatOf, readOrgFile } from './organization';
import { readDescribeInstances, readGlueResourcePolicy } from './regional';
import { readBucketLocation, readListBuckets, readPolicyString, readPublicAccessBlock } from './s3';

describe('small readers', () => {
  it('given get-bucket-location answers, when read, then null is us-east-1 and EU is eu-west-1', () => {
    assert.equal(readBucketLocation({ LocationConstraint: null }, 'f').value, 'us-east-1');
    assert.equal(readBucketLocation({ LocationConstraint: 'EU' }, 'f').value, 'eu-west-1');
    assert.equal(readBucketLocation({ LocationConstraint: 'us-west-2' }, 'f').value, 'us-west-2');
  });

  it('given fields of the wrong type, when read, then there is no value and one warning naming the file and field', () => {
    const cases = [
      readListBuckets({ Buckets: [{ CreationDate: 'x' }] }, 'lb.json'),
      readPublicAccessBlock({ PublicAccessBlockConfiguration: { BlockPublicAcls: 'yes' } }, 'pab.json'),
      readInstanceProfiles({ InstanceProfiles: [{ Arn: 'arn:aws:iam::1:instance-profile/x' }] }, 'ip.json'),
      readSamlProviders({ SAMLProviderList: [{}] }, 'saml.json'),
      readDescribeInstances({ Reservations: 'none' }, 'ec2.json', {}),
    ];
    for (const r of cases) {
      assert.equal(r.value, undefined);
      assert.equal(r.warnings.length, 1);
      assert.equal(r.warnings[0]!.code, 'invalid-field');
      assert.match(r.warnings[0]!.message, /\.json: /);
    }
  });

  it('given policies that are not JSON, when read, then each is left out with an invalid-policy-document warning', () => {
    for (const r of [
      readPolicyString({ Policy: '{"Version":"2012-10-17","Statement":[' }, 'bp.json', 'bucket policy'),
      readGlueResourcePolicy({ PolicyInJson: 'not json' }, 'glue.json'),
    ]) {
      assert.equal(r.value, undefined);
      assert.equal(r.warnings[0]!.code, 'invalid-policy-document');
    }
  });

  it('given describe-instances with one bad instance, when read, then the others are kept and the bad one warns', () => {
    const r = readDescribeInstances(
      {
        Reservations: [
          {
            OwnerId: '111111111111',
            Instances: [
              { InstanceId: 'i-0123456789abcdef0', Placement: { AvailabilityZone: 'eu-west-1b' }, Tags: [] },
              { State: { Name: 'running' } },
            ],
          },
        ],
      },
      'ec2.json',
      {},
    );
    assert.deepEqual(r.value, [
      { id: 'i-0123456789abcdef0', account: '111111111111', region: 'eu-west-1', tags: {} },
    ]);
    assert.equal(r.warnings.length, 1);
  });

  it('given OIDC files, when read, then the list gives ARNs and the provider file builds its ARN from the folder account', () => {
    const list = readOidcProviderList(
      {
        OpenIDConnectProviderList: [
          { Arn: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com' },
        ],
      },
      'f',
    );
    assert.equal(list.value![0]!.url, 'token.actions.githubusercontent.com');
    const one = readOidcProvider(
      {
        Url: 'https://oidc.eks.us-west-2.amazonaws.com/id/ABC',
        ClientIDList: ['sts.amazonaws.com'],
        ThumbprintList: [],
      },
      'f',
      '222222222222',
    );
    assert.equal(
      one.value!.arn,
      'arn:aws:iam::222222222222:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC',
    );
  });
});

describe('organisation files', () => {
  it('given an SCP whose Content is not JSON, when read, then it is left out with a warning, and other kinds are ignored', () => {
    const pieces = emptyOrgPieces();
    const summary = { Id: 'p-1', Name: 'broken', Type: 'SERVICE_CONTROL_POLICY' };
    const w = readOrgFile(
      'describe-policy',
      { Policy: { PolicySummary: summary, Content: '{' } },
      'p.json',
      'p-1',
      pieces,
    );
    assert.equal(w[0]!.code, 'invalid-policy-document');
    const tag = { Policy: { PolicySummary: { ...summary, Id: 'p-2', Type: 'TAG_POLICY' }, Content: '{}' } };
    assert.deepEqual(readOrgFile('describe-policy', tag, 't.json', 'p-2', pieces), []);
    assert.equal(pieces.policies.size, 0);
  });

  it('given per-id files without their id in the file name, when read, then they warn missing-context', () => {
    const w = readOrgFile(
      'list-parents',
      { Parents: [{ Id: 'r-1', Type: 'ROOT' }] },
      'parents.json',
      undefined,
      emptyOrgPieces(),
    );
    assert.equal(w[0]!.code, 'missing-context');
  });

  it('given only list-accounts, when assembled, then accounts come out without an organisation', () => {
    const pieces = emptyOrgPieces();
    assert.equal(orgFormatOf({ Accounts: [] }), 'list-accounts');
    readOrgFile(
      'list-accounts',
      { Accounts: [{ Id: '111111111111', Name: 'a', Status: 'ACTIVE' }] },
      'f',
      undefined,
      pieces,
    );
    const r = assembleOrganization(pieces);
    assert.equal(r.organization, undefined);
    assert.deepEqual(r.accounts, [{ id: '111111111111', name: 'a', status: 'ACTIVE' }]);
  });
});
