/**
 * The fast reader of simulate lines never accepts what the zod schema rejects, and returns what the
 * schema returns: checked on hand-picked lines and on arbitrary case-shaped JSON.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkCase } from './case';
import { readCase } from './read-case';

const base = {
  id: 'c1',
  request: {
    principal: 'arn:aws:iam::111111111111:role/a',
    action: 'sts:AssumeRole',
    resource: 'arn:aws:iam::222222222222:role/b',
    context: { 'sts:ExternalId': 'x', 'aws:MultiFactorAuthPresent': true, 'aws:TagKeys': ['a', 1] },
  },
  identityPolicies: [{ name: 'p', document: { Version: '2012-10-17', Statement: [] } }],
  resourcePolicy: '{"Version":"2012-10-17","Statement":[]}',
  serviceControlPolicies: [{ orgIdentifier: 'r-1', policies: [{ Statement: [] }], extra: 1 }],
  unknown: 'dropped',
};

/** The reader agrees with the schema: whatever it accepts, the schema accepts with the same value. */
function agrees(json: unknown): void {
  const fast = readCase(json);
  const zod = checkCase(json);
  if (fast !== undefined) {
    assert.ok(zod.ok, `the reader accepted what the schema rejects: ${JSON.stringify(json)}`);
    assert.deepEqual(fast, zod.value);
  }
}

describe('readCase', () => {
  it('given a well-formed line, when read, then it returns what the schema returns', () => {
    const fast = readCase(base);
    assert.ok(fast);
    const zod = checkCase(base);
    assert.ok(zod.ok);
    assert.deepEqual(fast, zod.value);
    assert.equal('unknown' in fast, false);
  });

  it('given lines the schema rejects, when read, then the reader leaves them to the schema', () => {
    const bad: unknown[] = [
      null,
      [],
      { request: null },
      { ...base, id: null },
      { ...base, request: { ...base.request, action: '' } },
      { ...base, request: { ...base.request, resourceAccount: 5 } },
      { ...base, request: { ...base.request, context: { k: null } } },
      { ...base, request: { ...base.request, context: { k: [[1]] } } },
      { ...base, identityPolicies: {} },
      { ...base, identityPolicies: [5] },
      { ...base, resourcePolicy: [] },
      { ...base, serviceControlPolicies: [{ policies: [] }] },
    ];
    for (const json of bad) {
      assert.equal(readCase(json), undefined, JSON.stringify(json));
      assert.equal(checkCase(json).ok, false, JSON.stringify(json));
    }
  });

  it('given a key the schema drops specially, when read, then the schema decides', () => {
    const json = JSON.parse(
      '{"request":{"principal":"p","action":"a","resource":"r","context":{"__proto__":"x"}}}',
    ) as unknown;
    assert.equal(readCase(json), undefined);
    assert.equal(checkCase(json).ok, true);
  });

  it('given arbitrary case-shaped JSON, when read, then the reader and the schema agree', () => {
    // Mostly well-formed values, so that many lines are accepted and their values compared.
    const anyJson = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string()),
    );
    const often = <T>(good: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 20, arbitrary: good }, { weight: 1, arbitrary: anyJson });
    const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean());
    const contextValue = often(fc.oneof(scalar, fc.array(often(scalar))));
    const policy = often(fc.oneof(fc.string(), fc.dictionary(fc.string(), anyJson)));
    const level = often(fc.record({ orgIdentifier: often(fc.string()), policies: often(fc.array(policy)) }));
    const line = fc.record(
      {
        id: often(fc.oneof(fc.string(), fc.integer())),
        request: often(
          fc.record(
            {
              principal: often(fc.string()),
              action: often(fc.string()),
              resource: often(fc.string()),
              resourceAccount: often(fc.string()),
              principalAccount: often(fc.string()),
              context: often(fc.dictionary(fc.string(), contextValue)),
            },
            { requiredKeys: ['principal', 'action', 'resource'] },
          ),
        ),
        identityPolicies: often(fc.array(policy, { maxLength: 3 })),
        resourcePolicy: policy,
        permissionBoundaries: often(fc.array(policy, { maxLength: 2 })),
        sessionPolicy: policy,
        serviceControlPolicies: often(fc.array(level, { maxLength: 2 })),
        resourceControlPolicies: often(fc.array(level, { maxLength: 2 })),
      },
      { requiredKeys: ['request'] },
    );
    let accepted = 0;
    fc.assert(
      fc.property(line, (json) => {
        const parsed = JSON.parse(JSON.stringify(json)) as unknown;
        if (readCase(parsed)) accepted++;
        agrees(parsed);
      }),
      { numRuns: 2000 },
    );
    // The property compared values, not only rejections.
    assert.ok(accepted > 300, `only ${accepted} lines were accepted`);
  });
});
