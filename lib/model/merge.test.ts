import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeSnapshots } from './merge';
import type { Role } from './snapshot';
import { emptySnapshot } from './snapshot';

const role = (account: string, name: string): Role => ({
  arn: `arn:aws:iam::${account}:role/${name}`,
  name,
  path: '/',
  id: `AROA${name.toUpperCase()}`,
  account,
  maxSessionDuration: 3600,
  trustPolicy: {},
  inlinePolicies: [],
  attachedPolicyArns: [],
  tags: {},
  instanceProfileArns: [],
});

test('given account A stored, when account B is imported, then both are kept', () => {
  const prev = emptySnapshot({ kind: 'files', detail: 'a' }, '2026-11-01T00:00:00Z');
  prev.roles.push(role('111111111111', 'a'));
  const next = emptySnapshot({ kind: 'files', detail: 'b' }, '2026-11-02T00:00:00Z');
  next.roles.push(role('222222222222', 'b'));
  const m = mergeSnapshots(prev, next);
  assert.deepEqual(m.roles.map((r) => r.name).sort(), ['a', 'b']);
  assert.equal(m.createdAt, '2026-11-02T00:00:00Z');
});

test('given account A stored, when A is imported again, then A’s old roles are replaced, not duplicated', () => {
  const prev = emptySnapshot({ kind: 'files', detail: 'a' }, '2026-11-01T00:00:00Z');
  prev.roles.push(role('111111111111', 'old'), role('111111111111', 'kept-by-name'));
  const next = emptySnapshot({ kind: 'files', detail: 'a2' }, '2026-11-02T00:00:00Z');
  next.roles.push(role('111111111111', 'kept-by-name'), role('111111111111', 'new'));
  assert.deepEqual(
    mergeSnapshots(prev, next).roles.map((r) => r.name),
    ['kept-by-name', 'new'],
  );
});
