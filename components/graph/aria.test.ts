import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GraphEdge, GraphNode } from '@/lib/graph/types';
import { accountAriaLabel, edgeAriaLabel, nodeAriaLabel } from './aria';

const BE = 'arn:aws:iam::111111111111:role/doris-be-instance-role';
const S3 = 'arn:aws:iam::222222222222:role/doris-s3-role';
const labelOf = (id: string) => id.split('/').pop() ?? id;

describe('aria labels of the graph', () => {
  test('given a conditional can-assume, then its kind, both ends by name and the condition key', () => {
    const e: GraphEdge = {
      id: `can-assume|${BE}|${S3}`,
      kind: 'can-assume',
      source: BE,
      target: S3,
      decision: 'Conditional',
      openConditions: [
        {
          policy: { kind: 'trust' },
          statement: { index: 0 },
          operator: 'StringEquals',
          key: 'sts:ExternalId',
          values: ['x'],
          text: 'allowed if sts:ExternalId equals x',
        },
      ] as unknown as GraphEdge['openConditions'],
    };
    assert.equal(
      edgeAriaLabel(e, labelOf),
      'can-assume: doris-be-instance-role → doris-s3-role, conditional on ExternalId',
    );
  });

  test('given an observed edge and a missing trust, then neither is a bare ARN pair', () => {
    const seen: GraphEdge = {
      id: 'o',
      kind: 'observed',
      source: BE,
      target: S3,
      observation: { count: 1, firstSeen: '2026-11-01', lastSeen: '2026-11-01' },
    };
    assert.equal(
      edgeAriaLabel(seen, labelOf),
      'observed: doris-be-instance-role → doris-s3-role, seen 1 time in CloudTrail',
    );
    const broken: GraphEdge = {
      id: 'm',
      kind: 'missing-trust',
      source: BE,
      target: S3,
      decision: 'ImplicitDeny',
    };
    assert.equal(
      edgeAriaLabel(broken, labelOf),
      'missing-trust: doris-be-instance-role → doris-s3-role, not allowed',
    );
  });

  test('given a node, then its kind, name, account and findings', () => {
    const n: GraphNode = { id: S3, kind: 'role', label: 'doris-s3-role', account: '222222222222' };
    assert.equal(nodeAriaLabel(n, 2, 'data-lake'), 'role doris-s3-role, in account data-lake, 2 findings');
    assert.equal(nodeAriaLabel(n, 0), 'role doris-s3-role, in account 222222222222');
  });

  test('given an account box, then what Enter does', () => {
    assert.equal(
      accountAriaLabel('data-lake (222222222222)', 1, false),
      'account data-lake (222222222222), 1 node; Enter collapses it',
    );
    assert.equal(accountAriaLabel('x', 3, true), 'account x, collapsed, 3 nodes; Enter opens it');
  });
});
