/**
 * `canonicalHash` / `canonicalEqual` (the content cache's key without the text) against `canonicalPolicy`
 * (the text they stand for): equal exactly when the texts are equal, the same hash whenever they are,
 * and no hash where there is no text. Checked on hand-picked near-misses and on arbitrary policy-shaped
 * JSON, its rewrites (keys shuffled, lists of one wrapped and unwrapped) and its small mutations.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalEqual, canonicalHash, canonicalPolicy } from './canonical';
import { chooser, rewrite } from './fixtures/json-rewrite';

/** What the text says: both have a text and the texts are equal. */
const textEqual = (a: unknown, b: unknown): boolean => {
  const ta = canonicalPolicy(a);
  return ta !== undefined && ta === canonicalPolicy(b);
};

function agrees(a: unknown, b: unknown): void {
  const ha = canonicalHash(a);
  const hb = canonicalHash(b);
  assert.equal(ha === undefined, canonicalPolicy(a) === undefined);
  assert.equal(hb === undefined, canonicalPolicy(b) === undefined);
  if (!ha || !hb) return;
  const same = textEqual(a, b);
  assert.equal(canonicalEqual(a, b), same, `${canonicalPolicy(a)} vs ${canonicalPolicy(b)}`);
  assert.equal(canonicalEqual(b, a), same);
  if (same) assert.equal(ha.hash, hb.hash);
}

const st = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

describe('canonicalEqual and canonicalHash follow the canonical text', () => {
  it('given hand-picked pairs the text keeps apart or makes equal, when compared, then they agree with it', () => {
    const pairs: [unknown, unknown][] = [
      [{ Statement: st }, { Statement: [st] }],
      [{ Statement: [st, st] }, { Statement: [[st, st]] }],
      [{ Statement: [] }, { Statement: {} }],
      [{ Statement: ['x'] }, { Statement: 'x' }],
      [{ Statement: { ...st, Action: ['s3:GetObject'] } }, { Statement: st }],
      [{ Statement: { ...st, Action: [['s3:GetObject']] } }, { Statement: st }],
      [{ Statement: { ...st, Sid: ['a'] } }, { Statement: { ...st, Sid: 'a' } }],
      [
        { Statement: { ...st, Principal: { AWS: ['1'] } } },
        { Statement: { ...st, Principal: { AWS: '1' } } },
      ],
      [{ Statement: { ...st, Principal: ['*'] } }, { Statement: { ...st, Principal: '*' } }],
      [
        { Statement: { ...st, Condition: { Bool: { 'aws:a': 'true', 'aws:b': 'x' } } } },
        { Statement: { ...st, Condition: { Bool: { 'aws:b': 'x', 'aws:a': 'true' } } } },
      ],
      [
        { Statement: { ...st, Condition: { Bool: { 'aws:a': ['true'] } } } },
        { Statement: { ...st, Condition: { Bool: { 'aws:a': 'true' } } } },
      ],
      [{ Version: 1 }, { Version: '1' }],
      [{ Version: 0 }, { Version: -0 }],
      [{ Version: true }, { Version: 'true' }],
      [{ Version: null }, { Version: 'null' }],
      [
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ],
      [{ a: 1 }, { a: 1, b: 1 }],
      [{ a: { x: 1 } }, { a: [{ x: 1 }] }],
      [Object.assign(Object.create(null) as object, { a: 1 }), { a: 1 }],
      [{ a: new Date(0) }, { a: new Date(0) }],
      [{ a: Number.NaN }, { a: Number.NaN }],
      [{ a: 1.5 }, { a: 1.5 }],
      [{ a: 1e21 }, { a: 1e21 }],
      [['x'], 'x'],
    ];
    for (const [a, b] of pairs) agrees(a, b);
  });

  it('given a cycle or deep nesting, when hashed, then there is no hash, as there is no text', () => {
    const cyclic: Record<string, unknown> = { Version: '2012-10-17' };
    cyclic.Statement = cyclic;
    assert.equal(canonicalHash(cyclic), undefined);
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = [deep];
    assert.equal(canonicalHash({ Statement: deep }), undefined);
    assert.equal(canonicalPolicy({ Statement: deep }), undefined);
  });
});

/** One small change somewhere in the JSON: a scalar replaced, a member dropped or a list entry added. */
function mutate(v: unknown, pick: (n: number) => number): unknown {
  if (Array.isArray(v)) {
    if (v.length === 0 || pick(4) === 0) return [...v, 'extra'];
    const i = pick(v.length);
    return v.map((x: unknown, j): unknown => (j === i ? mutate(x, pick) : x));
  }
  if (typeof v === 'object' && v !== null) {
    const keys = Object.keys(v);
    if (keys.length === 0 || pick(5) === 0) return { ...v, Extra: 'x' };
    const k = keys[pick(keys.length)] as string;
    const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    if (pick(4) === 0) delete out[k];
    else out[k] = mutate(out[k], pick);
    return out;
  }
  return ['*', 'x', 1, true, null, ['x']][pick(6)];
}

const scalar = fc.oneof(
  fc.constantFrom('*', 'sts:AssumeRole', 's3:Get*', 'arn:aws:s3:::b/*', 'x', '1', 'true', ''),
  fc.integer({ min: -3, max: 3 }),
  fc.boolean(),
  fc.constant(null),
);
const list = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.array(fc.array(scalar), { maxLength: 2 }),
);
const statementLike = fc.record(
  {
    Sid: fc.oneof(fc.constantFrom('a', ''), fc.array(fc.constant('a'), { maxLength: 1 })),
    Effect: fc.constantFrom('Allow', 'Deny'),
    Principal: fc.oneof(fc.constant('*'), list, fc.dictionary(fc.constantFrom('AWS', 'Service'), list)),
    NotPrincipal: fc.dictionary(fc.constantFrom('AWS', 'Federated'), list),
    Action: list,
    Resource: list,
    NotResource: list,
    Condition: fc.oneof(
      list,
      fc.dictionary(
        fc.constantFrom('StringEquals', 'Bool'),
        fc.oneof(list, fc.dictionary(fc.constantFrom('aws:a', 'aws:b', 'c'), list)),
      ),
    ),
    Other: list,
  },
  { requiredKeys: [] },
);
const documentLike = fc.record(
  {
    Version: fc.oneof(fc.constantFrom('2012-10-17', '2008-10-17'), list),
    Id: list,
    Statement: fc.oneof(
      statementLike,
      fc.array(statementLike, { maxLength: 3 }),
      fc.array(fc.array(statementLike, { maxLength: 2 }), { maxLength: 2 }),
      list,
    ),
  },
  { requiredKeys: [] },
);

describe('canonicalEqual and canonicalHash on arbitrary documents', () => {
  it('given any document and a rewrite of it, when compared, then they agree with the text', () => {
    fc.assert(
      fc.property(documentLike, fc.integer(), (doc, seed) => {
        const pick = chooser(seed);
        agrees(doc, rewrite(doc, pick));
        agrees(doc, structuredClone(doc));
      }),
      { numRuns: 2000 },
    );
  });

  it('given any document and a small change to it or to a rewrite, when compared, then they agree with the text', () => {
    fc.assert(
      fc.property(documentLike, fc.integer(), (doc, seed) => {
        const pick = chooser(seed);
        agrees(doc, mutate(doc, pick));
        agrees(rewrite(doc, pick), mutate(rewrite(doc, pick), pick));
      }),
      { numRuns: 2000 },
    );
  });

  it('given two unrelated documents, when compared, then they agree with the text', () => {
    fc.assert(
      fc.property(documentLike, documentLike, (a, b) => agrees(a, b)),
      { numRuns: 2000 },
    );
  });
});
