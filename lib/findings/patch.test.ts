import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addStatement, documentOf, replaceStatement, statementsOf, trustCli } from './patch';

const single = {
  Version: '2012-10-17',
  Statement: { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
};

describe('policy patches', () => {
  it('given a Statement written as one object, when a statement is added, then the document keeps the first as written and lists both', () => {
    const next = addStatement(single, {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:role/x' },
      Action: 'sts:AssumeRole',
    });
    assert.equal(next.Version, '2012-10-17');
    assert.deepEqual(next.Statement, [
      single.Statement,
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/x' }, Action: 'sts:AssumeRole' },
    ]);
    assert.deepEqual(
      single.Statement.Principal,
      { Service: 'ec2.amazonaws.com' },
      'the original is not modified',
    );
  });

  it('given a statement index, when it is replaced or removed, then only that statement changes', () => {
    const two = addStatement(single, { Sid: 'B', Effect: 'Deny', Action: '*', Resource: '*' });
    assert.deepEqual(statementsOf(replaceStatement(two, 1, undefined)), [single.Statement]);
    assert.deepEqual(statementsOf(replaceStatement(two, 0, { Sid: 'A' })), [
      { Sid: 'A' },
      { Sid: 'B', Effect: 'Deny', Action: '*', Resource: '*' },
    ]);
  });

  it('given JSON text or something unreadable, when read, then it is parsed or becomes an empty policy (never throws)', () => {
    assert.deepEqual(documentOf(JSON.stringify(single)), single);
    assert.deepEqual(documentOf('{not json'), { Version: '2012-10-17', Statement: [] });
    assert.deepEqual(statementsOf(42), []);
  });

  it('given a role name with characters IAM allows but shells and file names dislike, when the command is built, then the file name is safe and the command names the role', () => {
    assert.deepEqual(trustCli('etl+nightly@team'), {
      file: 'trust-etl-nightly-team.json',
      cli: 'aws iam update-assume-role-policy --role-name etl+nightly@team --policy-document file://trust-etl-nightly-team.json',
    });
  });
});
