import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { labelFrom, shortNodeName } from './node-name';

describe('a short name for a node id', () => {
  test('given role, user and path ARNs, then the name alone', () => {
    assert.equal(
      shortNodeName('arn:aws:iam::111111111111:role/doris-be-instance-role'),
      'doris-be-instance-role',
    );
    assert.equal(
      shortNodeName('arn:aws:iam::111111111111:role/service-role/AWSGlueServiceRole-x'),
      'AWSGlueServiceRole-x',
    );
    assert.equal(shortNodeName('arn:aws:iam::111111111111:user/alice.chen'), 'alice.chen');
  });

  test('given a session and an account root, then role/session and the account', () => {
    assert.equal(
      shortNodeName('arn:aws:sts::222222222222:assumed-role/doris-s3-role/be-01'),
      'doris-s3-role/be-01',
    );
    assert.equal(shortNodeName('arn:aws:iam::444444444444:root'), 'account 444444444444 root');
  });

  test('given ids that are not ARNs, then they are kept', () => {
    assert.equal(
      shortNodeName('s3://rolechain-demo-lakehouse/doris/'),
      's3://rolechain-demo-lakehouse/doris/',
    );
    assert.equal(shortNodeName('ec2.amazonaws.com'), 'ec2.amazonaws.com');
    assert.equal(shortNodeName('arn:aws:s3:::rolechain-demo-lakehouse'), 'rolechain-demo-lakehouse');
  });

  test('given a label from the graph, then it wins over the short name', () => {
    const of = labelFrom({ 'arn:aws:iam::111111111111:role/x': 'x (label)' });
    assert.equal(of('arn:aws:iam::111111111111:role/x'), 'x (label)');
    assert.equal(of('arn:aws:iam::111111111111:role/y'), 'y');
    assert.equal(labelFrom(new Map([['a', 'b']]))('a'), 'b');
  });
});
