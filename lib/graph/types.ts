/**
 * The role graph's shape: what `build()` returns, what `/api/graph` sends, what the dashboard draws.
 * Node ids are stable strings (ARNs where a thing has one) so URLs can name them.
 */
import type { Outcome } from '../model';
import type { Decision, OpenCondition, Reason } from '../policy/types';

export const NODE_KINDS = [
  'account',
  'instance',
  'instance-profile',
  'role',
  'user',
  'service',
  'oidc-provider',
  'saml-provider',
  'external-account',
  'external-principal',
  'session',
  'anonymous',
  'bucket',
  'bucket-prefix',
  'glue-catalog',
  'glue-database',
  'kms-key',
  'eks-cluster',
  'service-account',
  'node-group',
  'ecs-task',
  'lambda-function',
  'glue-job',
  'emr-cluster',
  'permission-set',
  'ic-user',
  'ic-group',
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export interface GraphNode {
  /** ARN where the thing has one; otherwise `service:ec2.amazonaws.com`, `account:444444444444`, `s3://bucket/prefix`, `anonymous`. */
  id: string;
  kind: NodeKind;
  label: string;
  /** The account that owns it (absent for services and anonymous). */
  account?: string;
  arn?: string;
  /** Outside the collected accounts. */
  external?: boolean;
  /** Small facts the card shows (e.g. `maxSessionDuration`, `lastUsed`, `instanceId`). */
  meta?: Record<string, string | number | boolean>;
}

export const EDGE_KINDS = [
  'has-profile',
  'runs-as',
  'can-assume',
  'missing-trust',
  'missing-permission',
  'can-access',
  'observed',
  'denied-attempt',
  'service-role',
] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

export const ACCESS_LEVELS = ['list', 'read', 'write', 'admin'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export interface Observation {
  count: number;
  firstSeen: string;
  lastSeen: string;
}

export interface GraphEdge {
  /** `${kind}|${source}|${target}`. */
  id: string;
  kind: EdgeKind;
  source: string;
  target: string;
  /** The engine's decision for this step, where one was evaluated. */
  decision?: Decision;
  reasons?: Reason[];
  openConditions?: OpenCondition[];
  /** `can-access`: what the source may do on the target. */
  access?: AccessLevel[];
  /** `observed` / `denied-attempt`: from CloudTrail. */
  observation?: Observation;
  /** `observed` / `denied-attempt`: the CloudTrail outcome (`denied-attempt` covers `denied` and `error`). */
  outcome?: Outcome;
  /** The STS call this edge stands for (`sts:AssumeRole`, `sts:AssumeRoleWithWebIdentity`, …). */
  action?: string;
  /**
   * How the trust names the source: `role`, `user`, `account` (the account root or its id, so the
   * source's own policies must also allow), `service`, `federated`, `wildcard`.
   */
  trustMatch?: string;
  /**
   * `trustMatch: 'session'`: the role session name the trust names. Only that session of the source role
   * may make the call (a session ARN in a trust is matched exactly; other sessions of the role are not).
   */
  session?: string;
  /** `can-access`: the access levels the engine left `Conditional`, with the conditions in `openConditions`. */
  conditionalAccess?: AccessLevel[];
}

export interface RoleGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** One CloudTrail-derived fact to overlay on the graph: who called AssumeRole* on which role, how often, how it ended. */
export interface EdgeObservation {
  /** The caller: a role, user or assumed-role session ARN, or an origin id (`service:…`, `account:…`, a provider ARN). */
  caller: string;
  /** The role ARN that was asked for. */
  role: string;
  outcome: Outcome;
  count: number;
  firstSeen: string;
  lastSeen: string;
}

/** A walk through the graph: node ids in order and the ids of the edges between them (one fewer). */
export interface Path {
  nodes: string[];
  edges: string[];
}

export const edgeId = (kind: EdgeKind, source: string, target: string): string =>
  `${kind}|${source}|${target}`;
