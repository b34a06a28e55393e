/**
 * Properties over arbitrary input: the parser and the evaluator never throw, and a document that fails
 * validation never yields Allow.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { evaluate, parsePolicy } from './index';
import type { EvaluationInput } from './index';

const PRINCIPALS = [
  'arn:aws:iam::111111111111:role/a',
  'arn:aws:sts::111111111111:assumed-role/a/s',
  'arn:aws:iam::111111111111:user/u',
  'arn:aws:iam::111111111111:root',
  'ec2.amazonaws.com',
  'accounts.google.com',
  'anonymous',
];

/** Policy-shaped JSON: statements whose elements are drawn from valid and invalid pieces alike. */
const policyLike = fc.record(
  {
    Version: fc.constantFrom('2012-10-17', '2008-10-17', 'x', undefined),
    Statement: fc.oneof(
      fc.array(
        fc.record(
          {
            Sid: fc.oneof(fc.string(), fc.integer()),
            Effect: fc.constantFrom('Allow', 'Deny', 'allow', 1, null),
            Principal: fc.oneof(
              fc.constant('*'),
              fc.record({
                AWS: fc.oneof(
                  fc.constantFrom(...PRINCIPALS, '*', 'arn:aws:iam::*:role/x', 'AROAEXAMPLE1234567890'),
                  fc.array(fc.string()),
                ),
              }),
              fc.anything(),
            ),
            Action: fc.oneof(
              fc.constantFrom('*', 'sts:AssumeRole', 's3:Get*', 'bad'),
              fc.array(fc.string()),
              fc.anything(),
            ),
            Resource: fc.oneof(fc.constantFrom('*', 'arn:aws:s3:::b/*', 'nope'), fc.anything()),
            Condition: fc.oneof(
              fc.dictionary(
                fc.constantFrom(
                  'StringEquals',
                  'ForAllValues:StringLike',
                  'NumericLessThan',
                  'IpAddress',
                  'Null',
                  'DateGreaterThan',
                  'Bogus',
                ),
                fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()), fc.anything())),
              ),
              fc.anything(),
            ),
          },
          { requiredKeys: [] },
        ),
      ),
      fc.anything(),
    ),
  },
  { requiredKeys: [] },
);

const inputFor = (doc: unknown, principal: string, context: unknown): EvaluationInput =>
  ({
    request: { principal, action: 'sts:AssumeRole', resource: 'arn:aws:iam::111111111111:role/t', context },
    identityPolicies: [{ name: 'i', document: doc }],
    resourcePolicy: { name: 't', document: doc },
  }) as EvaluationInput;

describe('properties', () => {
  it('given arbitrary JSON, when parsed, then parsePolicy never throws and always returns a document', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.json(), fc.string(), policyLike), (doc) => {
        const r = parsePolicy(doc);
        assert.ok(Array.isArray(r.document.statements));
        assert.ok(Array.isArray(r.issues));
      }),
      { numRuns: 500 },
    );
  });

  it('given arbitrary documents, principals and contexts, when evaluated in both modes, then evaluate never throws', () => {
    fc.assert(
      fc.property(
        policyLike,
        fc.constantFrom(...PRINCIPALS, '', 'x'),
        fc.anything(),
        fc.boolean(),
        (doc, principal, context, open) => {
          const r = evaluate(inputFor(doc, principal, context), { mode: open ? 'open' : 'complete' });
          assert.ok(['Allow', 'ImplicitDeny', 'ExplicitDeny', 'Conditional'].includes(r.decision));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('given a document with validation errors as the only policy, when evaluated, then it never allows', () => {
    fc.assert(
      fc.property(policyLike, fc.constantFrom(...PRINCIPALS), fc.boolean(), (doc, principal, open) => {
        fc.pre(parsePolicy(doc, 'trust').issues.some((i) => i.severity === 'error'));
        const r = evaluate(
          {
            request: { principal, action: 'sts:AssumeRole', resource: 'arn:aws:iam::111111111111:role/t' },
            resourcePolicy: { name: 't', document: doc },
          },
          { mode: open ? 'open' : 'complete' },
        );
        assert.notEqual(r.decision, 'Allow');
        assert.notEqual(r.decision, 'Conditional');
      }),
      { numRuns: 500 },
    );
  });

  it('given garbage in place of the whole input, when evaluated, then it is an implicit deny, not an exception', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const r = evaluate(input as EvaluationInput);
        assert.notEqual(r.decision, 'Allow');
      }),
      { numRuns: 300 },
    );
  });
});
