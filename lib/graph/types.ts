/**
 * The role graph's shape: what `build()` returns, what `/api/graph` sends, what the dashboard draws.
 * Node ids are stable strings (ARNs where a thing has one) so URLs can name them.
 */
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
  'anonymous',
  'bucket',
  'bucket-prefix',
  'glue-catalog',
  'glue-database',
  'kms-key',
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
}

export interface RoleGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const edgeId = (kind: EdgeKind, source: string, target: string): string =>
  `${kind}|${source}|${target}`;
