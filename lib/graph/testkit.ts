/**
 * Small hand-made snapshots for the graph's tests, in the shapes `lib/sources` produces from
 * `get-account-authorization-details` (policy documents decoded, as the AWS CLI prints them).
 */
import type { Bucket, Ec2Instance, InstanceProfile, Role, Snapshot, User } from '../model';
import { emptySnapshot } from '../model';
import type { GraphEdge, GraphNode } from './types';
import { edgeId } from './types';

export const A = '111111111111';
export const B = '222222222222';
export const EXT = '444444444444';

export const roleArn = (account: string, name: string): string => `arn:aws:iam::${account}:role/${name}`;
export const userArn = (account: string, name: string): string => `arn:aws:iam::${account}:user/${name}`;

export const doc = (...Statement: unknown[]): unknown => ({ Version: '2012-10-17', Statement });
export const allow = (
  Action: string | string[],
  Resource: string | string[],
  extra: Record<string, unknown> = {},
): unknown => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
export const trustAws = (principals: string | string[], extra: Record<string, unknown> = {}): unknown => ({
  Effect: 'Allow',
  Principal: { AWS: principals },
  Action: 'sts:AssumeRole',
  ...extra,
});
export const trustService = (service: string): unknown => ({
  Effect: 'Allow',
  Principal: { Service: service },
  Action: 'sts:AssumeRole',
});
export const externalId = (id: string): Record<string, unknown> => ({
  Condition: { StringEquals: { 'sts:ExternalId': id } },
});

export function role(
  account: string,
  name: string,
  trust: unknown,
  inline: unknown[] = [],
  extra: Partial<Role> = {},
): Role {
  return {
    arn: roleArn(account, name),
    name,
    path: '/',
    id: `AROA${name
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .padEnd(16, 'X')
      .slice(0, 16)}`,
    account,
    maxSessionDuration: 3600,
    trustPolicy: trust,
    inlinePolicies: inline.map((document, i) => ({ name: `${name}-inline-${i}`, document })),
    attachedPolicyArns: [],
    tags: {},
    instanceProfileArns: [],
    ...extra,
  };
}

export function user(account: string, name: string, inline: unknown[] = [], extra: Partial<User> = {}): User {
  return {
    arn: userArn(account, name),
    name,
    path: '/',
    id: `AIDA${name
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .padEnd(16, 'X')
      .slice(0, 16)}`,
    account,
    groupNames: [],
    inlinePolicies: inline.map((document, i) => ({ name: `${name}-inline-${i}`, document })),
    attachedPolicyArns: [],
    tags: {},
    accessKeys: [{ id: 'AKIAEXAMPLEKEY000001', status: 'Active' }],
    ...extra,
  };
}

export const profile = (account: string, name: string, roleArns: string[]): InstanceProfile => ({
  arn: `arn:aws:iam::${account}:instance-profile/${name}`,
  name,
  path: '/',
  id: `AIPA${name
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .padEnd(16, 'X')
    .slice(0, 16)}`,
  account,
  roleArns,
});

export const instance = (account: string, id: string, profileArn?: string): Ec2Instance => ({
  id,
  account,
  region: 'us-west-2',
  state: 'running',
  ...(profileArn !== undefined ? { instanceProfileArn: profileArn } : {}),
  tags: {},
});

export const bucket = (account: string, name: string, policy?: unknown): Bucket => ({
  name,
  account,
  region: 'us-west-2',
  ...(policy !== undefined ? { policy } : {}),
});

/** A snapshot of two collected accounts holding what is given. */
export function snapshotOf(parts: Partial<Snapshot>): Snapshot {
  const s = emptySnapshot({ kind: 'files', detail: 'hand-made for tests' }, '2026-11-22T09:00:00Z');
  s.accounts = [
    { id: A, name: 'platform' },
    { id: B, name: 'lake' },
  ];
  return { ...s, ...parts };
}

/** A graph node as a view sends it, labelled with the last segment of its id (what the cards show). */
export const graphNode = (id: string, kind: GraphNode['kind'], account?: string): GraphNode => ({
  id,
  kind,
  label: id.split('/').pop() ?? id,
  ...(account ? { account } : {}),
});

/** A graph edge with its canonical id; `extra` adds a decision, an observation and the like. */
export const graphEdge = (
  kind: GraphEdge['kind'],
  source: string,
  target: string,
  extra: Partial<GraphEdge> = {},
): GraphEdge => ({ id: edgeId(kind, source, target), kind, source, target, ...extra });
