import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { B, analyse, assumeEvent, doc, ofRule, role, roleArn, snapshotOf } from '../testkit';

const HOST = 'token.actions.githubusercontent.com';
const PROVIDER = `arn:aws:iam::${B}:oidc-provider/${HOST}`;
const DEPLOY = roleArn(B, 'github-actions-deploy-role');
const trust = (condition?: unknown): unknown =>
  doc({
    Effect: 'Allow',
    Principal: { Federated: PROVIDER },
    Action: 'sts:AssumeRoleWithWebIdentity',
    ...(condition ? { Condition: condition } : {}),
  });
const provider = {
  arn: PROVIDER,
  account: B,
  kind: 'oidc' as const,
  url: HOST,
  clientIds: ['sts.amazonaws.com'],
};
const ETL = 'repo:acme-data/etl:ref:refs/heads/main';

describe('rule oidc-weak-subject', () => {
  it('given sub "repo:acme-data/*" and CloudTrail showing one repository, when analysed, then the fix pins sub to it and the probe repository is shut out', () => {
    const deploy = role(
      B,
      'github-actions-deploy-role',
      trust({
        StringLike: { [`${HOST}:sub`]: 'repo:acme-data/*' },
        StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' },
      }),
    );
    const events = [
      assumeEvent({
        caller: { type: 'WebIdentityUser' },
        role: DEPLOY,
        eventName: 'AssumeRoleWithWebIdentity',
        provider: PROVIDER,
        subject: ETL,
      }),
    ];
    const [f, ...rest] = ofRule(
      analyse(snapshotOf({ roles: [deploy], identityProviders: [provider] }), events),
      'oidc-weak-subject',
    );
    assert.equal(rest.length, 0);
    assert.equal(f?.severity, 'high');
    assert.match(f?.message ?? '', /repo:acme-data\/\*/);
    assert.deepEqual((f?.fix?.addStatement as { Condition: unknown }).Condition, {
      StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:sub`]: ETL },
    });
    assert.equal(f?.fix?.recheck?.before, 'Allow');
    assert.equal(f?.fix?.recheck?.after, 'ImplicitDeny');
    assert.deepEqual(f?.fix?.recheck?.closedElsewhere, [], 'the repository that uses the role keeps access');
    assert.deepEqual(f?.fix?.recheck?.openedElsewhere, []);
  });

  it('given no sub condition at all, when analysed, then it is critical', () => {
    const deploy = role(
      B,
      'github-actions-deploy-role',
      trust({ StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' } }),
    );
    const [f] = ofRule(
      analyse(snapshotOf({ roles: [deploy], identityProviders: [provider] })),
      'oidc-weak-subject',
    );
    assert.equal(f?.severity, 'critical');
  });

  it('given an exact sub without aud, when analysed, then it is medium', () => {
    const deploy = role(B, 'github-actions-deploy-role', trust({ StringEquals: { [`${HOST}:sub`]: ETL } }));
    const [f] = ofRule(
      analyse(snapshotOf({ roles: [deploy], identityProviders: [provider] })),
      'oidc-weak-subject',
    );
    assert.equal(f?.severity, 'medium');
  });

  it('given an exact sub and aud (a branch wildcard of one repository included), when analysed, then the rule stays silent', () => {
    const deploy = role(
      B,
      'github-actions-deploy-role',
      trust({
        StringLike: { [`${HOST}:sub`]: 'repo:acme-data/etl:*' },
        StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' },
      }),
    );
    assert.deepEqual(
      ofRule(analyse(snapshotOf({ roles: [deploy], identityProviders: [provider] })), 'oidc-weak-subject'),
      [],
    );
  });
});
