/**
 * The step from a workload to a role it runs as, decided by the role's trust policy exactly as the
 * service presents itself to STS:
 * - IRSA: `sts:AssumeRoleWithWebIdentity` by the cluster's IAM OIDC provider *in the role's account*,
 *   with the token's `<issuer>:sub` = `system:serviceaccount:<ns>:<sa>` and `<issuer>:aud` =
 *   `sts.amazonaws.com` (EKS User Guide, IRSA);
 * - EKS Pod Identity: `sts:AssumeRole` **and** `sts:TagSession` by `pods.eks.amazonaws.com`, with the
 *   session tags EKS sets (`kubernetes-namespace`, `kubernetes-service-account`, `eks-cluster-arn`,
 *   `eks-cluster-name`) as `aws:RequestTag/…`;
 * - node roles, ECS task and execution roles, Lambda, Glue, EMR: `sts:AssumeRole` by their service
 *   principal (ECS with `aws:SourceAccount`, the task definition's account).
 * Keys nobody knows at analysis time (a pod's name, `aws:SourceArn` of a task) stay open.
 */
import type { EksCluster, Role, Workload, WorkloadRoleUse } from '../model';
import { USE_SERVICE, coverageOf, eksClusterArn, oidcProviderArnOf, serviceAccountSubject } from '../model';
import type { ContextValue, Decision, Evaluation, OpenCondition, Reason } from '../policy/types';
import { trustInput } from './build';
import { evaluateOutsider } from './engine';
import type { SnapshotIndex } from './snapshot-index';

export const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';
export const POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';

export interface WorkloadStep {
  decision: Decision;
  reasons: Reason[];
  openConditions: OpenCondition[];
  /** The STS call the service makes (`sts:AssumeRole`, `sts:AssumeRoleWithWebIdentity`). */
  action: string;
  /** Who calls STS: the OIDC provider ARN (IRSA) or the service principal. */
  principal: string;
  trustMatch: 'federated' | 'service';
  /** The request context given to the engine (sub, aud, request tags, source account). */
  context: Record<string, ContextValue>;
}

/** The cluster a workload names, where the snapshot holds it. */
export function clusterOf(sx: SnapshotIndex, w: Workload): EksCluster | undefined {
  if (w.cluster === undefined) return undefined;
  const arn = eksClusterArn(w.region, w.account, w.cluster);
  return (sx.snapshot.eksClusters ?? []).find((c) => c.arn === arn);
}

const RANK: Record<Decision, number> = { ExplicitDeny: 0, ImplicitDeny: 1, Conditional: 2, Allow: 3 };
const worse = (a: Evaluation, b: Evaluation): Evaluation => (RANK[b.decision] < RANK[a.decision] ? b : a);

/** Whether the identity providers of an account were read fully (so a provider not held is absent). */
function providersRead(sx: SnapshotIndex, account: string): boolean {
  return coverageOf(sx.snapshot).some(
    (p) => p.source === 'identity-providers' && p.account === account && p.state === 'complete',
  );
}

const step = (
  ev: Evaluation,
  rest: Omit<WorkloadStep, 'decision' | 'reasons' | 'openConditions'>,
): WorkloadStep => ({
  decision: ev.decision,
  reasons: ev.reasons,
  openConditions: ev.openConditions,
  ...rest,
});

/** Decides the step from a workload to `role` for one way of getting it (`use`). */
export function evaluateWorkloadRole(
  sx: SnapshotIndex,
  w: Workload,
  use: WorkloadRoleUse,
  role: Role,
): WorkloadStep {
  const side = { resource: role.arn, policy: trustInput(role) };
  if (use === 'irsa') return irsaStep(sx, w, role, side);
  const service = USE_SERVICE[use] ?? 'ec2.amazonaws.com';
  const context: Record<string, ContextValue> = {};
  if (use === 'pod-identity' && w.cluster !== undefined) {
    context['aws:RequestTag/eks-cluster-arn'] = eksClusterArn(w.region, w.account, w.cluster);
    context['aws:RequestTag/eks-cluster-name'] = w.cluster;
    if (w.namespace !== undefined) context['aws:RequestTag/kubernetes-namespace'] = w.namespace;
    if (w.serviceAccount !== undefined)
      context['aws:RequestTag/kubernetes-service-account'] = w.serviceAccount;
  }
  if (use === 'task' || use === 'execution') context['aws:SourceAccount'] = w.account;
  const assume = evaluateOutsider(sx, service, 'sts:AssumeRole', side, 'open', context);
  const rest = { action: 'sts:AssumeRole', principal: service, trustMatch: 'service' as const, context };
  if (use !== 'pod-identity') return step(assume, rest);
  // EKS Auth tags the session: a trust that allows AssumeRole but not TagSession fails the call.
  const tag = evaluateOutsider(sx, service, 'sts:TagSession', side, 'open', context);
  const ev = worse(assume, tag);
  return step(ev, ev === tag && tag !== assume ? { ...rest, action: 'sts:TagSession' } : rest);
}

function irsaStep(
  sx: SnapshotIndex,
  w: Workload,
  role: Role,
  side: { resource: string; policy: ReturnType<typeof trustInput> },
): WorkloadStep {
  const cluster = clusterOf(sx, w);
  const subject = serviceAccountSubject(w.namespace ?? 'default', w.serviceAccount ?? w.name);
  if (!cluster?.oidcIssuer) {
    const message = `The OIDC issuer of cluster ${w.cluster ?? '?'} is unknown (its aws eks describe-cluster was not read), so which provider must be trusted for ${subject} cannot be told; import or collect the cluster to decide.`;
    return {
      decision: 'Conditional',
      reasons: [{ policy: { kind: 'trust', arn: role.arn }, outcome: 'conditional', message }],
      openConditions: [],
      action: WEB_IDENTITY,
      principal: `(OIDC provider of cluster ${w.cluster ?? '?'})`,
      trustMatch: 'federated',
      context: {},
    };
  }
  const host = cluster.oidcIssuer.replace(/^https:\/\//, '').replace(/\/$/, '');
  const provider = oidcProviderArnOf(role.account, cluster.oidcIssuer);
  const context: Record<string, ContextValue> = {
    [`${host}:sub`]: subject,
    [`${host}:aud`]: 'sts.amazonaws.com',
  };
  const ev = evaluateOutsider(sx, provider, WEB_IDENTITY, side, 'open', context, {
    principalAccount: role.account,
  });
  const rest = { action: WEB_IDENTITY, principal: provider, trustMatch: 'federated' as const, context };
  if (sx.providersByArn.has(provider) || ev.decision === 'ImplicitDeny' || ev.decision === 'ExplicitDeny')
    return step(ev, rest);
  // The trust admits the token, but STS also needs the issuer registered as a provider in the role's account.
  if (providersRead(sx, role.account))
    return {
      decision: 'ImplicitDeny',
      reasons: [
        {
          policy: { kind: 'trust', arn: role.arn },
          outcome: 'missing',
          message: `Account ${role.account} has no IAM OIDC provider for ${host}: STS refuses the service account's token (InvalidIdentityToken) whatever the trust says. Create the provider (aws iam create-open-id-connect-provider --url ${cluster.oidcIssuer} --client-id-list sts.amazonaws.com) in that account.`,
        },
        ...ev.reasons,
      ],
      openConditions: ev.openConditions,
      ...rest,
    };
  return {
    decision: 'Conditional',
    reasons: [
      {
        policy: { kind: 'trust', arn: role.arn },
        outcome: 'conditional',
        message: `The trust admits ${subject}, but the OIDC providers of account ${role.account} were not read: the step holds only if ${provider} exists there.`,
      },
      ...ev.reasons,
    ],
    openConditions: ev.openConditions,
    ...rest,
  };
}
