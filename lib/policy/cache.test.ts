/**
 * The compiled-policy cache: the same content compiles once, a different reading never shares, and no
 * document ever gets another document's compilation — checked on hand-picked shapes and on arbitrary
 * rewrites of arbitrary policy-shaped JSON.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ContentKey } from './cache';
import { contentId, contentKey, PolicyCache, policyCache } from './cache';
import { canonicalPolicy } from './canonical';
import { compilePolicy } from './compile';
import { hash64, hashHex } from './hash';
import { readPolicy } from './parse';
import { releaseTextMemos } from './text-memo';
import { chooser, rewrite } from './fixtures/json-rewrite';

const trust = () => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: ['ec2.amazonaws.com'] },
      Action: ['sts:AssumeRole'],
      Condition: { StringEquals: { 'sts:ExternalId': ['x-1'] } },
    },
  ],
});

describe('compilePolicy interns by content', () => {
  it('given two copies of one document, when compiled, then they share one compilation', () => {
    assert.equal(compilePolicy(trust(), true), compilePolicy(trust(), true));
    assert.equal(compilePolicy(JSON.stringify(trust())), compilePolicy(trust()));
  });

  it('given key order and lists of one written differently, when compiled, then they share one compilation', () => {
    const other = {
      Statement: {
        Condition: { StringEquals: { 'sts:ExternalId': 'x-1' } },
        Action: 'sts:AssumeRole',
        Principal: { Service: 'ec2.amazonaws.com' },
        Effect: 'Allow',
      },
      Version: '2012-10-17',
    };
    assert.equal(compilePolicy(other), compilePolicy(trust()));
  });

  it('given the two readings, when compiled, then each has its own compilation', () => {
    assert.notEqual(compilePolicy(trust(), true), compilePolicy(trust(), false));
  });

  it('given conditions in another order, when compiled, then each keeps its own order', () => {
    const cond = (keys: string[]) => ({
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: { StringEquals: Object.fromEntries(keys.map((k) => [k, 'v'])) },
      },
    });
    const ab = compilePolicy(cond(['aws:a', 'aws:b']));
    const ba = compilePolicy(cond(['aws:b', 'aws:a']));
    assert.deepEqual(
      ba.document.statements[0]?.conditions.map((c) => c.key),
      ['aws:b', 'aws:a'],
    );
    assert.notEqual(ab, ba);
  });

  it('given a document with issues written two ways, when compiled, then each issue points where it was written', () => {
    const list = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: ['bad'], Resource: '*' } };
    const bare = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'bad', Resource: '*' } };
    assert.equal(compilePolicy(list).issues[0]?.path, 'Statement.Action[0]');
    assert.equal(compilePolicy(bare).issues[0]?.path, 'Statement.Action');
  });

  it('given a list inside Statement or Action, when compiled, then it never reads as the valid document', () => {
    const a = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
    const b = { Effect: 'Deny', Action: 's3:PutObject', Resource: '*' };
    const valid = compilePolicy({ Version: '2012-10-17', Statement: [a, b] });
    const nested = compilePolicy({ Version: '2012-10-17', Statement: [[a, b]] });
    assert.equal(valid.hasErrors, false);
    assert.equal(nested.hasErrors, true);
    const two = { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' };
    const twoNested = { ...two, Action: [['s3:GetObject', 's3:PutObject']] };
    assert.equal(compilePolicy({ Version: '2012-10-17', Statement: two }).hasErrors, false);
    assert.equal(compilePolicy({ Version: '2012-10-17', Statement: twoNested }).hasErrors, true);
  });

  it('given values that are not plain JSON, when compiled, then they compile without a content key', () => {
    const cyclic: Record<string, unknown> = { Version: '2012-10-17' };
    cyclic.Statement = cyclic;
    assert.equal(canonicalPolicy(cyclic), undefined);
    assert.equal(compilePolicy(cyclic).hasErrors, true);
    assert.equal(canonicalPolicy({ Version: '2012-10-17', Statement: { Effect: undefined } }), undefined);
    assert.equal(canonicalPolicy({ n: Number.NaN }), undefined);
    assert.equal(canonicalPolicy({ d: new Date(0) }), undefined);
  });

  it('given the same content, when the process-wide cache is asked twice, then the second is a hit', () => {
    const before = policyCache.stats();
    const doc = {
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' },
    };
    compilePolicy(doc);
    compilePolicy(structuredClone(doc));
    const after = policyCache.stats();
    assert.ok(after.hits > before.hits);
  });
});

describe('the process-wide cache at the end of an analysis', () => {
  it('given documents compiled, when the text memos are released, then the cache is empty and each document object keeps its compilation', () => {
    const doc = trust();
    const compiled = compilePolicy(doc, true);
    assert.ok(policyCache.size > 0);
    releaseTextMemos();
    assert.equal(policyCache.size, 0);
    const misses = policyCache.stats().misses;
    assert.equal(compilePolicy(doc, true), compiled);
    assert.equal(policyCache.stats().misses, misses, 'the same object is not looked up again');
    // A copy is compiled again (a reading equal to the first), and shared from then on.
    const again = compilePolicy(trust(), true);
    assert.notEqual(again, compiled);
    assert.deepEqual(again.document, compiled.document);
    assert.equal(compilePolicy(trust(), true), again);
  });
});

describe('PolicyCache', () => {
  const key = (text: string, hash = 1): ContentKey => ({ text, hash });
  const compiled = compilePolicy(trust());

  it('given two texts with one hash, when looked up, then each finds only its own entry', () => {
    const cache = new PolicyCache({ maxEntries: 10, maxBytes: 1e6 });
    const other = compilePolicy({ Version: '2012-10-17', Statement: [] });
    cache.set(key('a'), compiled);
    cache.set(key('b'), other);
    assert.equal(cache.get(key('a')), compiled);
    assert.equal(cache.get(key('b')), other);
    assert.equal(cache.get(key('c')), undefined);
  });

  it('given a bound on entries, when it is passed, then the least recently used entries go first', () => {
    const cache = new PolicyCache({ maxEntries: 3, maxBytes: 1e6 });
    for (const t of ['a', 'b', 'c']) cache.set(key(t, t.charCodeAt(0)), compiled);
    cache.get(key('a', 97));
    cache.set(key('d', 100), compiled);
    assert.equal(cache.stats().entries, 3);
    assert.equal(cache.stats().evictions, 1);
    assert.equal(cache.get(key('a', 97)), compiled);
    assert.equal(cache.get(key('b', 98)), undefined);
  });

  it('given a bound on bytes, when it is passed, then entries go until the new one fits', () => {
    const cache = new PolicyCache({ maxEntries: 100, maxBytes: 1000 });
    for (let i = 0; i < 10; i++) cache.set(key(`k${i}`, i), compiled, 300);
    assert.ok(cache.stats().bytes <= 1000);
    assert.equal(cache.stats().entries, 3);
    cache.set(key('huge', 99), compiled, 5000);
    assert.equal(cache.get(key('huge', 99)), undefined);
    cache.configure({ maxEntries: 1 });
    assert.equal(cache.stats().entries, 1);
    cache.clear();
    assert.equal(cache.stats().entries, 0);
  });
});

describe('hash64', () => {
  it('given fixed texts, when hashed, then the values are stable', () => {
    assert.equal(hashHex(''), hashHex(''));
    assert.notEqual(hashHex('a'), hashHex('b'));
    assert.deepEqual(hash64('policy'), hash64('policy'));
    assert.match(hashHex('policy'), /^[0-9a-f]{16}$/);
    assert.equal(contentId({ b: 1, a: 2 }), contentId({ a: 2, b: 1 }));
    assert.notEqual(contentKey(trust(), true)?.hash, contentKey(trust(), false)?.hash);
  });

  it('given one content under both readings in one cache, when looked up, then each reading finds only its own entry', () => {
    const cache = new PolicyCache({ maxEntries: 10, maxBytes: 1e6 });
    const compiled = compilePolicy(trust(), true);
    const lenientKey = contentKey(trust(), true);
    const strictKey = contentKey(trust(), false);
    assert.ok(lenientKey && strictKey);
    cache.set(lenientKey, compiled);
    assert.equal(cache.get({ ...strictKey, hash: lenientKey.hash }), undefined, 'same hash, other reading');
    assert.equal(cache.get(contentKey(structuredClone(trust()), true) as ContentKey), compiled);
  });

  it('given a content key whose hash collides with another document, when looked up, then it misses', () => {
    const cache = new PolicyCache({ maxEntries: 10, maxBytes: 1e6 });
    const compiled = compilePolicy(trust());
    const a = contentKey(trust(), false);
    const other = { Version: '2012-10-17', Statement: { Effect: 'Deny', Action: '*', Resource: '*' } };
    const b = contentKey(other, false);
    assert.ok(a && b);
    cache.set(a, compiled);
    assert.equal(cache.get({ ...b, hash: a.hash }), undefined);
  });
});

const scalar = fc.oneof(
  fc.constantFrom('*', 'sts:AssumeRole', 's3:Get*', 'arn:aws:s3:::b/*', 'arn:aws:iam::111111111111:root'),
  fc.constantFrom('ec2.amazonaws.com', 'true', 'x', '10.0.0.0/8', 'bad', ''),
  fc.integer(),
  fc.boolean(),
);
const list = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.array(fc.array(scalar), { maxLength: 2 }),
);
const statementLike = fc.record(
  {
    Sid: fc.constantFrom('a', 'b', ''),
    Effect: fc.constantFrom('Allow', 'Deny', 'allow'),
    Principal: fc.oneof(fc.constant('*'), fc.dictionary(fc.constantFrom('AWS', 'Service', 'X'), list)),
    Action: list,
    NotAction: list,
    Resource: list,
    Condition: fc.dictionary(
      fc.constantFrom('StringEquals', 'Bool', 'IpAddress', 'Bogus'),
      fc.dictionary(fc.constantFrom('aws:a', 'aws:b', 'sts:ExternalId'), list),
    ),
  },
  { requiredKeys: ['Effect'] },
);
const documentLike = fc.record(
  {
    Version: fc.constantFrom('2012-10-17', '2008-10-17'),
    Statement: fc.oneof(statementLike, fc.array(statementLike, { maxLength: 3 }), list),
  },
  { requiredKeys: ['Statement'] },
);

describe('content interning never changes a reading', () => {
  it('given any document and any rewrite of it compiled first, when compiled, then it reads as it does alone', () => {
    fc.assert(
      fc.property(documentLike, fc.integer(), fc.boolean(), (doc, seed, lenient) => {
        const pick = chooser(seed);
        compilePolicy(rewrite(doc, pick), lenient);
        compilePolicy(JSON.stringify(rewrite(doc, pick)), lenient);
        const cached = compilePolicy(structuredClone(doc), lenient);
        const alone = readPolicy(structuredClone(doc), lenient);
        assert.deepEqual(cached.document, alone.document);
        assert.deepEqual(cached.issues, alone.issues);
      }),
      { numRuns: 1000 },
    );
  });
});
