/**
 * Workloads that run as a role without an EC2 instance profile of their own: EKS pods (through IRSA,
 * EKS Pod Identity, or the node group's instance role), ECS tasks, Lambda functions, Glue jobs and
 * crawlers, EMR clusters. Each names the roles it runs as and *how*, because how decides which
 * principal the role's trust must admit (an OIDC provider with `:sub`/`:aud`, `pods.eks.amazonaws.com`
 * with `sts:TagSession`, `ecs-tasks.amazonaws.com`, …).
 */
import type { SourceName } from './coverage';

export const WORKLOAD_KINDS = [
  'eks-service-account',
  'eks-node-group',
  'ecs-task',
  'lambda-function',
  'glue-job',
  'glue-crawler',
  'emr-cluster',
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/**
 * How a workload gets a role's credentials. `execution` (ECS task execution role) and `service`
 * (EMR service role) are roles the *service* uses on the workload's behalf (image pulls, logs,
 * provisioning): never the identity the workload's own code reads data with.
 */
export const WORKLOAD_ROLE_USES = [
  'irsa',
  'pod-identity',
  'node',
  'task',
  'execution',
  'function',
  'job',
  'crawler',
  'instance-profile',
  'service',
] as const;
export type WorkloadRoleUse = (typeof WORKLOAD_ROLE_USES)[number];

/** Role uses whose credentials the workload's own code holds (the others are the service's). */
export const DATA_ROLE_USES: ReadonlySet<WorkloadRoleUse> = new Set([
  'irsa',
  'pod-identity',
  'node',
  'task',
  'function',
  'job',
  'crawler',
  'instance-profile',
]);

/** The service principal that assumes the role for each use (IRSA: an OIDC provider instead). */
export const USE_SERVICE: Partial<Record<WorkloadRoleUse, string>> = {
  'pod-identity': 'pods.eks.amazonaws.com',
  node: 'ec2.amazonaws.com',
  task: 'ecs-tasks.amazonaws.com',
  execution: 'ecs-tasks.amazonaws.com',
  function: 'lambda.amazonaws.com',
  job: 'glue.amazonaws.com',
  crawler: 'glue.amazonaws.com',
  service: 'elasticmapreduce.amazonaws.com',
};

export interface WorkloadRole {
  use: WorkloadRoleUse;
  /** A role ARN; for `instance-profile` (EMR), the instance profile's ARN. */
  arn: string;
}

export interface Workload {
  kind: WorkloadKind;
  /** Stable id: the resource's ARN, or `workloadId()` for a Kubernetes service account. */
  id: string;
  name: string;
  account: string;
  region: string;
  /** The coverage part this came from (`eks`, `kubernetes`, `ecs`, `lambda`, `glue-jobs`, `emr`). */
  source: SourceName;
  /** EKS: the cluster's name. */
  cluster?: string;
  namespace?: string;
  serviceAccount?: string;
  roles: WorkloadRole[];
}

export interface EksCluster {
  name: string;
  arn: string;
  account: string;
  region: string;
  /** `https://oidc.eks.<region>.amazonaws.com/id/<ID>`: the issuer IRSA tokens carry. */
  oidcIssuer?: string;
  /** The cluster's own service role (control plane), not a workload identity. */
  roleArn?: string;
}

/** The id of a Kubernetes service account: `k8s:<cluster ARN>/<namespace>/<name>`. */
export const serviceAccountId = (clusterArn: string, namespace: string, name: string): string =>
  `k8s:${clusterArn}/${namespace}/${name}`;

/** The cluster ARN of a region, account and name. */
export const eksClusterArn = (region: string, account: string, name: string): string =>
  `arn:aws:eks:${region}:${account}:cluster/${name}`;

/** The IAM OIDC provider ARN, in `account`, for an issuer URL (`https://` dropped, as IAM names it). */
export const oidcProviderArnOf = (account: string, issuer: string): string =>
  `arn:aws:iam::${account}:oidc-provider/${issuer.replace(/^https:\/\//, '').replace(/\/$/, '')}`;

/** The subject IRSA tokens carry for a service account (EKS User Guide, IRSA trust policy). */
export const serviceAccountSubject = (namespace: string, name: string): string =>
  `system:serviceaccount:${namespace}:${name}`;

/** A role given by name (Glue `Role`, EMR `ServiceRole`) or ARN, as an ARN in `account`. */
export function roleArnOf(account: string, nameOrArn: string): string {
  if (nameOrArn.startsWith('arn:')) return nameOrArn;
  return `arn:aws:iam::${account}:role/${nameOrArn}`;
}
