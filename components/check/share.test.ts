import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkFromParams, checkLink } from './share';

describe('a chain check as a link', () => {
  test('given the fields of a check, when made a link and read back, then the same fields come out', () => {
    const fields = {
      source: 'arn:aws:iam::111111111111:role/doris-be-instance-role',
      targetRole: 'arn:aws:iam::222222222222:role/doris-s3-role',
      resource: 's3://rolechain-demo-lakehouse/doris/a b&c=d',
      action: 's3:GetObject',
      externalId: 'doris-external-id',
    };
    const link = checkLink(fields);
    assert.ok(link.startsWith('/check?source=arn'));
    const back = checkFromParams(new URL(link, 'http://x').searchParams);
    assert.deepEqual(back, fields);
  });

  test('given a link without a resource, or in statement mode, when read, then it asks for no check', () => {
    assert.equal(checkFromParams(new URLSearchParams('source=arn:aws:iam::1:role/x')), undefined);
    assert.equal(checkFromParams(new URLSearchParams('mode=sql&source=a&resource=s3://b/')), undefined);
  });

  test('given empty fields, when made a link, then they are left out', () => {
    assert.equal(
      checkLink({ source: 'i-0123456789abcdef0', resource: 's3://b/', targetRole: ' ' }),
      '/check?source=i-0123456789abcdef0&resource=s3%3A%2F%2Fb%2F',
    );
  });
});
