/**
 * Readers of the AWS CLI's EKS output and of `kubectl get serviceaccounts -A -o json`: clusters with
 * their OIDC issuer, node groups with their instance role, Pod Identity associations, and the IRSA
 * role annotations of service accounts.
 */
import { z } from 'zod';
import type { EksCluster, Workload } from '../../model';
import { eksClusterArn, parseArn, serviceAccountId } from '../../model';
import type { Read } from '../read';
import { issuesOf, readOk } from '../read';
import { warning } from '../warnings';

/** Where a file sits: the demo layout's account and region (`accounts/<id>/eks/<region>/…`). */
export interface EksContext {
  account?: string;
  region?: string;
}

const Cluster = z.object({
  cluster: z.object({
    name: z.string(),
    arn: z.string(),
    roleArn: z.string().optional(),
    identity: z.object({ oidc: z.object({ issuer: z.string().optional() }).optional() }).optional(),
  }),
});

/** `aws eks describe-cluster`: the account and region are the cluster ARN's. */
export function readDescribeCluster(json: unknown, file: string): Read<EksCluster> {
  const r = Cluster.safeParse(json);
  if (!r.success) return issuesOf(file, 'eks describe-cluster', r.error);
  const c = r.data.cluster;
  const arn = parseArn(c.arn);
  if (!arn) return { warnings: [warning(file, 'invalid-field', `${file}: cluster.arn is not an ARN`)] };
  const out: EksCluster = { name: c.name, arn: c.arn, account: arn.account, region: arn.region };
  if (c.identity?.oidc?.issuer) out.oidcIssuer = c.identity.oidc.issuer;
  if (c.roleArn) out.roleArn = c.roleArn;
  return readOk(out);
}

const Nodegroup = z.object({
  nodegroup: z.object({
    nodegroupName: z.string(),
    nodegroupArn: z.string(),
    clusterName: z.string(),
    nodeRole: z.string().optional(),
  }),
});

/** `aws eks describe-nodegroup` (and `create-nodegroup`, same shape): the node group's instance role. */
export function readDescribeNodegroup(json: unknown, file: string): Read<Workload> {
  const r = Nodegroup.safeParse(json);
  if (!r.success) return issuesOf(file, 'eks describe-nodegroup', r.error);
  const n = r.data.nodegroup;
  const arn = parseArn(n.nodegroupArn);
  if (!arn) return { warnings: [warning(file, 'invalid-field', `${file}: nodegroupArn is not an ARN`)] };
  return readOk({
    kind: 'eks-node-group',
    id: n.nodegroupArn,
    name: n.nodegroupName,
    account: arn.account,
    region: arn.region,
    source: 'eks',
    cluster: n.clusterName,
    roles: n.nodeRole ? [{ use: 'node', arn: n.nodeRole }] : [],
  });
}

const Association = z.object({
  clusterName: z.string(),
  namespace: z.string(),
  serviceAccount: z.string(),
  roleArn: z.string().optional(),
  associationArn: z.string(),
  associationId: z.string().optional(),
  /** Cross-account Pod Identity (2025): EKS assumes `roleArn`, then this role in the other account. */
  targetRoleArn: z.string().optional(),
});
const DescribeAssociation = z.object({ association: Association });
const ListAssociations = z.object({ associations: z.array(Association) });

/** True for `list-pod-identity-associations` output (which names no role). */
export const isPodIdentityList = (json: Record<string, unknown>): boolean => Array.isArray(json.associations);

/** `aws eks list-pod-identity-associations`: the associations that exist (their roles need describe). */
export function readListPodIdentityAssociations(
  json: unknown,
  file: string,
): Read<{ arn: string; account: string; region: string; label: string }[]> {
  const r = ListAssociations.safeParse(json);
  if (!r.success) return issuesOf(file, 'eks list-pod-identity-associations', r.error);
  const out = [];
  for (const a of r.data.associations) {
    const arn = parseArn(a.associationArn);
    if (arn)
      out.push({
        arn: a.associationArn,
        account: arn.account,
        region: arn.region,
        label: `${a.clusterName} ${a.namespace}/${a.serviceAccount}`,
      });
  }
  return readOk(out);
}

/** `aws eks describe-pod-identity-association`: one service account → role, as a workload. */
export function readDescribePodIdentityAssociation(json: unknown, file: string): Read<Workload> {
  const r = DescribeAssociation.safeParse(json);
  if (!r.success) return issuesOf(file, 'eks describe-pod-identity-association', r.error);
  const a = r.data.association;
  const arn = parseArn(a.associationArn);
  if (!arn) return { warnings: [warning(file, 'invalid-field', `${file}: associationArn is not an ARN`)] };
  const cluster = eksClusterArn(arn.region, arn.account, a.clusterName);
  const roles: Workload['roles'] = a.roleArn ? [{ use: 'pod-identity', arn: a.roleArn }] : [];
  return readOk({
    kind: 'eks-service-account',
    id: serviceAccountId(cluster, a.namespace, a.serviceAccount),
    name: `${a.namespace}/${a.serviceAccount}`,
    account: arn.account,
    region: arn.region,
    source: 'eks',
    cluster: a.clusterName,
    namespace: a.namespace,
    serviceAccount: a.serviceAccount,
    roles,
  });
}

export const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';

const ServiceAccount = z.object({
  kind: z.literal('ServiceAccount').optional(),
  metadata: z.object({
    name: z.string(),
    namespace: z.string().default('default'),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
});
const ServiceAccountList = z.object({
  kind: z.literal('List').or(z.literal('ServiceAccountList')),
  items: z.array(z.unknown()),
});

/** True for `kubectl get serviceaccounts -A -o json` output. */
export function isServiceAccountList(json: Record<string, unknown>): boolean {
  return (
    (json.kind === 'List' || json.kind === 'ServiceAccountList') &&
    Array.isArray(json.items) &&
    json.items.every(
      (i) => typeof i === 'object' && i !== null && (i as Record<string, unknown>).kind === 'ServiceAccount',
    )
  );
}

/**
 * `kubectl get serviceaccounts -A -o json` of one cluster. The export does not name its cluster,
 * so the file's name does (`accounts/<id>/eks/<region>/serviceaccounts/<cluster>.json`). Every
 * service account becomes a workload: with its IRSA role when annotated, without one otherwise
 * (its pods then get the node role, unless Pod Identity gives them one).
 */
export function readServiceAccounts(
  json: unknown,
  file: string,
  where: { account: string; region: string; cluster: string },
): Read<Workload[]> {
  const r = ServiceAccountList.safeParse(json);
  if (!r.success) return issuesOf(file, 'kubectl get serviceaccounts', r.error);
  const cluster = eksClusterArn(where.region, where.account, where.cluster);
  const out: Workload[] = [];
  const warnings = [];
  for (const raw of r.data.items) {
    const sa = ServiceAccount.safeParse(raw);
    if (!sa.success) {
      warnings.push(...issuesOf(file, 'kubectl service account', sa.error).warnings);
      continue;
    }
    const m = sa.data.metadata;
    const role = m.annotations?.[IRSA_ANNOTATION]?.trim();
    if (role !== undefined && !parseArn(role))
      warnings.push(
        warning(
          file,
          'invalid-field',
          `${file}: ${m.namespace}/${m.name}: ${IRSA_ANNOTATION} "${role}" is not a role ARN`,
        ),
      );
    out.push({
      kind: 'eks-service-account',
      id: serviceAccountId(cluster, m.namespace, m.name),
      name: `${m.namespace}/${m.name}`,
      account: where.account,
      region: where.region,
      source: 'kubernetes',
      cluster: where.cluster,
      namespace: m.namespace,
      serviceAccount: m.name,
      roles: role !== undefined && parseArn(role) ? [{ use: 'irsa', arn: role }] : [],
    });
  }
  return readOk(out, warnings);
}
