import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePolicy } from './compile';
import {
  allowedResourcePatterns,
  allowedResourcePatternTexts,
  evaluate,
  parsePolicy,
  trustPrincipals,
} from './index';

const TRUST = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Vendors',
      Effect: 'Allow',
      Principal: {
        AWS: [
          'arn:aws:iam::444444444444:root',
          '111111111111',
          'arn:aws:iam::111111111111:role/app/doris-be',
          'AROA1234567890EXAMPLE',
        ],
        Service: 'ec2.amazonaws.com',
        Federated: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com',
      },
      Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:AssumeRoleWithWebIdentity'],
      Condition: { StringEquals: { 'sts:ExternalId': 'x' } },
    },
    {
      Effect: 'Deny',
      Principal: '*',
      Action: 'sts:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ],
};

describe('parsePolicy', () => {
  it('given an object, a JSON string and URL-encoded JSON, when parsed, then the normalised documents are equal', () => {
    const text = JSON.stringify(TRUST);
    const a = parsePolicy(TRUST).document;
    assert.deepEqual(parsePolicy(text).document, a);
    assert.deepEqual(parsePolicy(encodeURIComponent(text)).document, a);
    assert.deepEqual(a.statements[0]?.action, [
      'sts:AssumeRole',
      'sts:TagSession',
      'sts:AssumeRoleWithWebIdentity',
    ]);
    assert.deepEqual(a.statements[1]?.principal?.wildcard, true);
    assert.deepEqual(a.statements[0]?.conditions, [
      { operator: 'StringEquals', key: 'sts:ExternalId', values: ['x'] },
    ]);
  });

  it('given a kind, when parsed, then issues that depend on where the policy is used are added', () => {
    assert.equal(parsePolicy(TRUST).issues.filter((i) => i.severity === 'error').length, 0);
    const asIdentity = parsePolicy(TRUST, 'identity')
      .issues.map((i) => i.message)
      .join('\n');
    assert.match(asIdentity, /cannot have a Principal element/);
  });

  it('given the same object twice, when compiled, then the second call reuses the first compilation', () => {
    const doc = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } };
    assert.equal(compilePolicy(doc), compilePolicy(doc));
    const text = JSON.stringify(doc);
    assert.equal(compilePolicy(text), compilePolicy(`${text}`));
  });
});

describe('trustPrincipals', () => {
  it('given a trust policy, when listed, then every principal comes with its kind, account and statement', () => {
    const list = trustPrincipals(TRUST);
    const byValue = new Map(list.map((p) => [p.value, p]));
    assert.equal(byValue.get('arn:aws:iam::444444444444:root')?.kind, 'account');
    assert.equal(byValue.get('arn:aws:iam::444444444444:root')?.account, '444444444444');
    assert.equal(byValue.get('111111111111')?.kind, 'account');
    assert.equal(byValue.get('arn:aws:iam::111111111111:role/app/doris-be')?.kind, 'role');
    assert.equal(byValue.get('AROA1234567890EXAMPLE')?.kind, 'deleted');
    assert.equal(byValue.get('AROA1234567890EXAMPLE')?.deleted, true);
    assert.equal(byValue.get('ec2.amazonaws.com')?.kind, 'service');
    assert.equal(
      byValue.get('arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com')?.kind,
      'federated',
    );
    const vendors = byValue.get('111111111111');
    assert.deepEqual(vendors?.actions, ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession']);
    assert.deepEqual(vendors?.statement, { index: 0, sid: 'Vendors' });
    assert.equal(vendors?.conditions.length, 1);
    const wildcard = list.find((p) => p.kind === 'wildcard');
    assert.equal(wildcard?.effect, 'Deny');
  });

  it('given a wildcard inside a principal ARN, when listed, then it is marked invalid', () => {
    const list = trustPrincipals({
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::1:role/*' }, Action: 'sts:AssumeRole' },
    });
    assert.equal(list[0]?.kind, 'invalid');
    assert.equal(list[0]?.invalid, true);
  });
});

describe('trustPrincipals on a stored trust policy with one malformed entry', () => {
  it('given a malformed entry beside a role ARN, when listed, then only the malformed entry is invalid (AWS enforces the rest)', () => {
    const list = trustPrincipals({
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Principal: { AWS: ['doris-be', 'arn:aws:iam::222222222222:role/doris-be'] },
        Action: 'sts:AssumeRole',
      },
    });
    assert.deepEqual(
      list.map((p) => [p.value, p.kind, p.invalid]),
      [
        ['doris-be', 'invalid', true],
        ['arn:aws:iam::222222222222:role/doris-be', 'role', false],
      ],
    );
  });
});

describe('allowedResourcePatterns', () => {
  it('given identity policies, when asked for sts:AssumeRole, then the Resource patterns of matching Allow statements come back', () => {
    const docs = [
      {
        name: 'a',
        document: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:Assume*',
              Resource: ['arn:aws:iam::222222222222:role/x', 'arn:aws:iam::*:role/y-*'],
            },
          ],
        },
      },
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:*', Resource: '*' },
          {
            Effect: 'Allow',
            NotAction: 'iam:*',
            NotResource: 'arn:aws:iam::1:role/z',
            Condition: { Bool: { 'aws:SecureTransport': 'true' } },
          },
        ],
      },
      { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }] },
    ];
    const got = allowedResourcePatterns(docs, 'sts:AssumeRole');
    assert.deepEqual(
      got.map((g) => [g.pattern, g.policyIndex, g.conditional, g.except ?? null]),
      [
        ['arn:aws:iam::222222222222:role/x', 0, false, null],
        ['arn:aws:iam::*:role/y-*', 0, false, null],
        ['*', 1, true, ['arn:aws:iam::1:role/z']],
      ],
    );
    // and the texts alone are the same patterns in the same order, for one policy and for several
    assert.deepEqual(
      allowedResourcePatternTexts(docs, 'sts:AssumeRole'),
      got.map((g) => g.pattern),
    );
    assert.deepEqual(allowedResourcePatternTexts(docs.slice(0, 1), 'sts:AssumeRole'), [
      'arn:aws:iam::222222222222:role/x',
      'arn:aws:iam::*:role/y-*',
    ]);
    assert.deepEqual(allowedResourcePatternTexts(docs.slice(2), 'sts:AssumeRole'), []);
    // and read in one pass for a batch of actions, each action's texts are the ones it gets alone
    const batch = ['sts:AssumeRole', 's3:GetObject', 'iam:PassRole', 'kms:Decrypt'];
    for (const action of batch)
      for (const some of [docs, docs.slice(0, 1), docs.slice(1, 2), docs.slice(2)])
        assert.deepEqual(
          allowedResourcePatternTexts(some, action, batch),
          allowedResourcePatternTexts(some, action),
          action,
        );
    assert.deepEqual(allowedResourcePatternTexts(docs, 's3:GetObject', batch), ['*', '*']);
    assert.deepEqual(allowedResourcePatternTexts(docs, 'iam:PassRole', batch), []);
  });

  it('given the same policies asked twice and in another order, when a first answer is changed, then the second is whole and indexed by its own list', () => {
    const shared = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Hop', Effect: 'Allow', Action: 'sts:AssumeRole', NotResource: ['arn:aws:iam::1:role/z'] },
      ],
    };
    const other = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::2:role/a' }],
    };
    const first = allowedResourcePatterns([shared], 'sts:AssumeRole');
    first[0]?.except?.push('arn:aws:iam::1:role/changed');
    if (first[0]) first[0].statement.index = 99;
    const second = allowedResourcePatterns([other, shared], 'sts:AssumeRole');
    assert.deepEqual(second, [
      { pattern: 'arn:aws:iam::2:role/a', conditional: false, policyIndex: 0, statement: { index: 0 } },
      {
        pattern: '*',
        except: ['arn:aws:iam::1:role/z'],
        conditional: false,
        policyIndex: 1,
        statement: { index: 0, sid: 'Hop' },
      },
    ]);
    assert.deepEqual(allowedResourcePatterns([shared], 's3:GetObject'), []);
  });
});

describe('evaluate reasons', () => {
  it('given a failed trust, when evaluated, then the reasons name the policy, the statement and the mismatch', () => {
    const r = evaluate({
      request: {
        principal: 'arn:aws:iam::333333333333:role/other',
        action: 'sts:AssumeRole',
        resource: 'arn:aws:iam::222222222222:role/t',
      },
      identityPolicies: [
        {
          name: 'Assume',
          document: {
            Version: '2012-10-17',
            Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' },
          },
        },
      ],
      resourcePolicy: { name: 'trust policy of t', arn: 'arn:aws:iam::222222222222:role/t', document: TRUST },
    });
    assert.equal(r.decision, 'ImplicitDeny');
    assert.equal(r.reasons[0]?.outcome, 'missing');
    assert.equal(r.reasons[0]?.policy.kind, 'trust');
    const na = r.reasons.find((x) => x.outcome === 'not-applicable');
    assert.deepEqual(na?.statement, { index: 0, sid: 'Vendors' });
    assert.equal(na?.mismatches?.[0]?.element, 'Principal');
    assert.equal(na?.mismatches?.[0]?.given, 'arn:aws:iam::333333333333:role/other');
    assert.equal(r.validation[0]?.issues[0]?.severity, 'warning');
  });

  it('given open context, when a condition is open, then the open condition carries policy, statement, operator and text', () => {
    const r = evaluate(
      {
        request: {
          principal: 'arn:aws:iam::444444444444:role/v',
          action: 'sts:AssumeRole',
          resource: 'arn:aws:iam::222222222222:role/t',
        },
        identityPolicies: [
          {
            name: 'Assume',
            document: {
              Version: '2012-10-17',
              Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' },
            },
          },
        ],
        resourcePolicy: { name: 'trust policy of t', document: TRUST },
      },
      { mode: 'open' },
    );
    assert.equal(r.decision, 'Conditional');
    const keys = r.openConditions.map((o) => o.key).sort();
    assert.deepEqual(keys, ['aws:SecureTransport', 'sts:ExternalId']);
    const ext = r.openConditions.find((o) => o.key === 'sts:ExternalId');
    assert.deepEqual(ext?.statement, { index: 0, sid: 'Vendors' });
    assert.equal(ext?.operator, 'StringEquals');
    assert.deepEqual(ext?.values, ['x']);
    assert.equal(ext?.text, 'allowed if sts:ExternalId equals x');
    assert.equal(
      r.openConditions.find((o) => o.key === 'aws:SecureTransport')?.text,
      'allowed unless aws:SecureTransport is false',
    );
  });

  it('given one policy input with many open conditions, when evaluated again, then each open condition is the same object, whatever their number', () => {
    // 40 keys: past the short flat list the cache keeps per label, into its Map form.
    const keys = Array.from({ length: 40 }, (_, i) => `aws:PrincipalTag/t${i}`);
    const Condition = { StringEquals: Object.fromEntries(keys.map((k, i) => [k, `v${i}`])) };
    const identityPolicies = [
      {
        name: 'Tagged',
        document: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition },
            { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition },
          ],
        },
      },
    ];
    const input = {
      request: { principal: 'arn:aws:iam::1:role/r', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' },
      identityPolicies,
    };
    const first = evaluate(input, { mode: 'open' });
    assert.equal(first.decision, 'Conditional');
    assert.equal(first.openConditions.length, 80);
    for (const [i, oc] of first.openConditions.entries()) {
      assert.equal(oc.key, keys[i % 40]);
      assert.deepEqual(oc.statement, { index: i < 40 ? 0 : 1 });
      assert.equal(oc.text, `allowed if ${keys[i % 40]} equals v${i % 40}`);
    }
    const again = evaluate(input, { mode: 'open' });
    assert.equal(again.openConditions.length, 80);
    for (const [i, oc] of again.openConditions.entries()) assert.equal(oc, first.openConditions[i]);
  });

  it('given one policy object used as an identity policy, a boundary and a session policy, when evaluated in turn, then each use reads as its own kind', () => {
    const shared = {
      name: 'Shared',
      document: {
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      },
    };
    const other = {
      name: 'Other',
      document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } },
    };
    const request = {
      principal: 'arn:aws:iam::1:role/r',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
    };
    const denied = { ...request, resource: 'arn:aws:s3:::c/k' };
    for (let round = 0; round < 2; round++) {
      assert.equal(evaluate({ request, identityPolicies: [shared] }).decision, 'Allow');
      assert.equal(
        evaluate({ request, identityPolicies: [other], permissionBoundaries: [shared] }).decision,
        'Allow',
      );
      assert.equal(
        evaluate({ request: denied, identityPolicies: [other], permissionBoundaries: [shared] }).decision,
        'ImplicitDeny',
      );
      assert.equal(
        evaluate({ request: denied, identityPolicies: [other], sessionPolicy: shared }).decision,
        'ImplicitDeny',
      );
      assert.equal(evaluate({ request: denied, identityPolicies: [shared] }).decision, 'ImplicitDeny');
    }
  });

  it('given an evaluation, when serialised or copied with its reasons before they were read, then the reasons are there', () => {
    const r = evaluate({
      request: {
        principal: 'ec2.amazonaws.com',
        action: 'sts:AssumeRole',
        resource: 'arn:aws:iam::1:role/x',
      },
      resourcePolicy: {
        name: 'trust',
        document: {
          Version: '2012-10-17',
          Statement: {
            Effect: 'Allow',
            Principal: { Service: 'ec2.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        },
      },
    });
    const json = JSON.parse(JSON.stringify(r)) as { reasons: unknown[] };
    assert.equal(json.reasons.length, 1);
    const copy = { ...r, reasons: r.reasons };
    assert.equal(copy.reasons[0]?.outcome, 'applies');
    assert.equal(r.reasons, r.reasons);
    // a bare spread copies the decision but not the accessor (documented on Evaluation.reasons)
    assert.equal({ ...r }.decision, 'Allow');
  });
});
