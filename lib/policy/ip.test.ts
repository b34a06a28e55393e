import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cidrContains, parseCidr } from './ip';

const inRange = (range: string, ip: string): boolean => {
  const r = parseCidr(range);
  const a = parseCidr(ip);
  assert.ok(r && a, `${range} / ${ip} parse`);
  return cidrContains(r, a);
};

describe('CIDR', () => {
  it('given IPv4 ranges, when testing addresses, then the prefix decides', () => {
    assert.equal(inRange('10.0.0.0/8', '10.255.1.2'), true);
    assert.equal(inRange('10.0.0.0/8', '11.0.0.1'), false);
    assert.equal(inRange('0.0.0.0/0', '198.51.100.1'), true);
    assert.equal(inRange('203.0.113.7', '203.0.113.7'), true);
    assert.equal(inRange('203.0.113.7/32', '203.0.113.8'), false);
  });

  it('given IPv6 ranges with :: compression and an embedded IPv4 tail, when testing, then they are expanded', () => {
    assert.equal(inRange('2001:DB8:1234:5678::/64', '2001:db8:1234:5678:ffff::1'), true);
    assert.equal(inRange('2001:db8::/32', '2001:db9::1'), false);
    assert.equal(inRange('::ffff:0:0/96', '::ffff:192.0.2.1'), true);
    assert.equal(inRange('::/0', '::1'), true);
  });

  it('given mixed families, when testing, then an address never lies in a range of the other family', () => {
    assert.equal(inRange('2001:db8::/32', '192.0.2.1'), false);
    assert.equal(inRange('0.0.0.0/0', '::1'), false);
  });

  it('given malformed text, when parsing, then it is rejected', () => {
    for (const bad of [
      '10.0.0.256',
      '10.0.0.0/33',
      '1.2.3',
      '2001:db8::1::2',
      'fe80::/129',
      'host',
      '1.2.3.4/x',
      '12345::',
    ])
      assert.equal(parseCidr(bad), undefined, bad);
  });
});
