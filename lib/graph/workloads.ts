/**
 * Workload entry points in the graph: EKS clusters, their service accounts and node groups, ECS
 * tasks, Lambda functions, Glue jobs and crawlers, EMR clusters.
 * - `has-profile`: cluster → service account / node group; a service account with no role of its
 *   own (no IRSA annotation, no Pod Identity association) → its cluster's node groups, whose
 *   instance role its pods get from the instance metadata service; EMR cluster → instance profile.
 * - `runs-as`: workload → the role its code runs as, decided by the role's trust (`workload-trust.ts`).
 * - `service-role`: workload → a role the *service* uses for it (ECS execution role, EMR service
 *   role). Not a chain edge: it must never appear as the workload's identity for data.
 */
import type { Workload, WorkloadRoleUse } from '../model';
import { DATA_ROLE_USES, parseArn } from '../model';
import type { GraphBuilder } from './builder';
import type { SnapshotIndex } from './snapshot-index';
import type { NodeKind } from './types';
import { evaluateWorkloadRole } from './workload-trust';

const NODE_KIND: Record<Workload['kind'], NodeKind> = {
  'eks-service-account': 'service-account',
  'eks-node-group': 'node-group',
  'ecs-task': 'ecs-task',
  'lambda-function': 'lambda-function',
  'glue-job': 'glue-job',
  'glue-crawler': 'glue-job',
  'emr-cluster': 'emr-cluster',
};

/** One workload per id: a service account read from two sources (kubectl, Pod Identity) is one pod identity. */
export function workloadsById(list: readonly Workload[]): Map<string, Workload> {
  const out = new Map<string, Workload>();
  for (const w of list) {
    const seen = out.get(w.id);
    if (!seen) out.set(w.id, { ...w, roles: [...w.roles] });
    else
      for (const r of w.roles)
        if (!seen.roles.some((x) => x.use === r.use && x.arn === r.arn)) seen.roles.push(r);
  }
  return out;
}

const USE_LABEL: Record<WorkloadRoleUse, string> = {
  irsa: 'IRSA',
  'pod-identity': 'EKS Pod Identity',
  node: 'node role',
  task: 'task role',
  execution: 'task execution role',
  function: 'execution role',
  job: 'job role',
  crawler: 'crawler role',
  'instance-profile': 'instance profile',
  service: 'service role',
};

export function addWorkloadEdges(sx: SnapshotIndex, g: GraphBuilder): void {
  const clusters = sx.snapshot.eksClusters ?? [];
  for (const c of clusters)
    g.node({
      id: c.arn,
      kind: 'eks-cluster',
      label: c.name,
      account: c.account,
      arn: c.arn,
      meta: { region: c.region, ...(c.oidcIssuer ? { oidcIssuer: c.oidcIssuer } : { noOidcIssuer: true }) },
    });
  const workloads = [...workloadsById(sx.snapshot.workloads ?? []).values()];
  const nodeGroups = new Map<string, string[]>();
  for (const w of workloads) {
    if (w.kind !== 'eks-node-group' || w.cluster === undefined) continue;
    const key = `${w.account}|${w.region}|${w.cluster}`;
    nodeGroups.set(key, [...(nodeGroups.get(key) ?? []), w.id]);
  }
  for (const w of workloads) {
    const id = g.node({
      id: w.id,
      kind: NODE_KIND[w.kind],
      label: w.name,
      account: w.account,
      ...(w.id.startsWith('arn:') ? { arn: w.id } : {}),
      meta: {
        workload: w.kind,
        region: w.region,
        ...(w.cluster !== undefined ? { cluster: w.cluster } : {}),
        ...(w.namespace !== undefined ? { namespace: w.namespace } : {}),
        ...(w.serviceAccount !== undefined ? { serviceAccount: w.serviceAccount } : {}),
        ...(w.roles.some((r) => DATA_ROLE_USES.has(r.use)) ? {} : { noRole: true }),
      },
    });
    if (w.cluster !== undefined) {
      const clusterArn = `arn:aws:eks:${w.region}:${w.account}:cluster/${w.cluster}`;
      if (clusters.some((c) => c.arn === clusterArn)) g.edge('has-profile', clusterArn, id);
      // No role of its own: the pods' SDK falls through to the instance metadata service, the node's role.
      if (w.kind === 'eks-service-account' && !w.roles.some((r) => DATA_ROLE_USES.has(r.use)))
        for (const ng of nodeGroups.get(`${w.account}|${w.region}|${w.cluster}`) ?? [])
          g.edge('has-profile', id, ng, { trustMatch: 'node-fallback' });
    }
    for (const r of w.roles) addRoleEdge(sx, g, w, id, r.use, r.arn);
  }
}

function addRoleEdge(
  sx: SnapshotIndex,
  g: GraphBuilder,
  w: Workload,
  id: string,
  use: WorkloadRoleUse,
  arn: string,
): void {
  const kind = DATA_ROLE_USES.has(use) ? 'runs-as' : 'service-role';
  if (use === 'instance-profile') {
    const p = sx.profilesByArn.get(arn);
    const account = parseArn(arn)?.account;
    const pid = g.node({
      id: arn,
      kind: 'instance-profile',
      label: p?.name ?? arn.slice(arn.lastIndexOf('/') + 1),
      ...(account ? { account } : {}),
      arn,
      ...(p
        ? { meta: { roles: p.roleArns.length } }
        : { external: true, meta: { absentFromSnapshot: true } }),
    });
    g.edge('has-profile', id, pid);
    return;
  }
  const role = sx.rolesByArn.get(arn) ?? byName(sx, arn);
  if (!role) {
    const account = parseArn(arn)?.account;
    const collected = account !== undefined && sx.collectedAccounts.has(account);
    const rid = g.outsidePrincipal(arn, collected ? 'absent' : 'external');
    g.edge(kind, id, rid, {
      decision: collected ? 'ImplicitDeny' : 'Conditional',
      action: use === 'irsa' ? 'sts:AssumeRoleWithWebIdentity' : 'sts:AssumeRole',
      reasons: [
        {
          policy: { kind: 'trust', arn },
          outcome: collected ? 'missing' : 'conditional',
          message: collected
            ? `${w.name} runs as ${arn} (${USE_LABEL[use]}), which is not in the snapshot of its account: deleted, or misspelt.`
            : `${w.name} runs as ${arn} (${USE_LABEL[use]}), in an account that was not collected: its trust cannot be read.`,
        },
      ],
    });
    return;
  }
  const s = evaluateWorkloadRole(sx, w, use, role);
  g.edge(kind, id, g.role(role), {
    decision: s.decision,
    reasons: s.reasons,
    ...(s.openConditions.length > 0 ? { openConditions: s.openConditions } : {}),
    action: s.action,
    trustMatch: s.trustMatch,
  });
}

/**
 * Glue and EMR name a role by name, and the ARN made of it (`role/<name>`) misses a role with a path
 * (`role/service-role/<name>`): IAM names are unique per account, so the name decides.
 */
function byName(sx: SnapshotIndex, arn: string): ReturnType<SnapshotIndex['rolesByArn']['get']> {
  const a = parseArn(arn);
  if (!a || !a.resource.startsWith('role/')) return undefined;
  return sx.rolesByAccountName.get(`${a.account}/${a.resource.slice(a.resource.lastIndexOf('/') + 1)}`);
}
