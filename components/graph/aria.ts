/**
 * What a screen reader says for each element of the graph: what it is, then its name, then what it
 * says — "can-assume: doris-be-instance-role → doris-s3-role, conditional on ExternalId". Pure, so the
 * wording is tested without a browser.
 */
import type { GraphEdge, GraphNode, NodeKind } from '@/lib/graph/types';

const KIND_WORDS: Record<NodeKind, string> = {
  account: 'account',
  instance: 'EC2 instance',
  'instance-profile': 'instance profile',
  role: 'role',
  user: 'IAM user',
  service: 'AWS service',
  'oidc-provider': 'OIDC provider',
  'saml-provider': 'SAML provider',
  'external-account': 'external account',
  'external-principal': 'external principal',
  session: 'STS session',
  anonymous: 'anyone',
  bucket: 'S3 bucket',
  'bucket-prefix': 'S3 prefix',
  'glue-catalog': 'Glue catalog',
  'glue-database': 'Glue database',
  'kms-key': 'KMS key',
  'eks-cluster': 'EKS cluster',
  'service-account': 'Kubernetes service account',
  'node-group': 'EKS node group',
  'ecs-task': 'ECS task definition',
  'lambda-function': 'Lambda function',
  'glue-job': 'Glue job',
  'emr-cluster': 'EMR cluster',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "role doris-s3-role in account 222222222222, 2 findings". */
export function nodeAriaLabel(n: GraphNode, findings: number, accountName?: string): string {
  const parts = [`${KIND_WORDS[n.kind]} ${n.label}`];
  if (n.account) parts.push(`${n.external ? 'external, ' : ''}in account ${accountName ?? n.account}`);
  if (findings > 0) parts.push(plural(findings, 'finding'));
  return parts.join(', ');
}

/** "account data-lake (222222222222), 7 nodes; Enter collapses it". */
export function accountAriaLabel(label: string, members: number, collapsed: boolean): string {
  return collapsed
    ? `account ${label}, collapsed, ${plural(members, 'node')}; Enter opens it`
    : `account ${label}, ${plural(members, 'node')}; Enter collapses it`;
}

/** The condition keys an edge waits on, short: `sts:ExternalId` → `ExternalId`. */
function conditionKeys(e: GraphEdge): string[] {
  const keys = new Set((e.openConditions ?? []).map((c) => c.key.replace(/^(aws|sts):/i, '')));
  return [...keys];
}

/**
 * The edge's kind, its ends by name, and its verdict: "can-assume: doris-be-instance-role →
 * doris-s3-role, conditional on ExternalId". The headline a panel shows for an edge.
 */
export function edgeHeadline(e: GraphEdge, labelOf: (id: string) => string): string {
  const head = `${e.kind}: ${labelOf(e.source)} → ${labelOf(e.target)}`;
  const verdict = verdictWords(e);
  return verdict ? `${head}, ${verdict}` : head;
}

function verdictWords(e: GraphEdge): string | undefined {
  const keys = conditionKeys(e);
  if (e.decision === 'Conditional' || (e.conditionalAccess ?? []).length > 0)
    return keys.length > 0 ? `conditional on ${keys.join(', ')}` : 'conditional';
  if (e.decision === 'ExplicitDeny') return 'explicitly denied';
  if (e.decision === 'ImplicitDeny') return 'not allowed';
  return undefined;
}

/** The headline, then what a person would need to hear that the canvas shows: access and use. */
export function edgeAriaLabel(e: GraphEdge, labelOf: (id: string) => string): string {
  const extra: string[] = [];
  if (e.access && e.access.length > 0) extra.push(`access ${e.access.join(', ')}`);
  if (e.observation) extra.push(`seen ${plural(e.observation.count, 'time')} in CloudTrail`);
  const head = edgeHeadline(e, labelOf);
  return extra.length > 0 ? `${head}, ${extra.join(', ')}` : head;
}
