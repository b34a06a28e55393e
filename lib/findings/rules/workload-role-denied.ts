/**
 * A workload whose role's trust does not admit the way the workload gets it: an IRSA service
 * account whose `system:serviceaccount:<ns>:<sa>` the trust's `:sub` does not name, a Pod Identity
 * role that does not trust `pods.eks.amazonaws.com` with `sts:TagSession`, a task role without
 * `ecs-tasks.amazonaws.com`, a Lambda or Glue role without its service. The workload gets no
 * credentials, and whatever chain starts from it fails at its first step.
 */
import type { Role, Workload, WorkloadRoleUse } from '../../model';
import { DATA_ROLE_USES, USE_SERVICE, serviceAccountSubject } from '../../model';
import { workloadsById } from '../../graph/workloads';
import { clusterOf, evaluateWorkloadRole } from '../../graph/workload-trust';
import type { RuleContext } from '../context';
import { edgesOf, sidOf } from '../context';
import { recheckTrust } from '../engine';
import { evidenceOf, finding, withRecheckOf } from '../fixes';
import type { Json } from '../patch';
import { addStatement, trustCli } from '../patch';
import type { Finding, Rule } from '../types';

const HOW: Partial<Record<WorkloadRoleUse, string>> = {
  irsa: 'IRSA (its service-account token)',
  'pod-identity': 'EKS Pod Identity',
  node: 'its node group',
  task: 'its task definition (task role)',
  function: 'its function configuration',
  job: 'its job definition',
  crawler: 'its crawler definition',
};

export const workloadRoleDenied: Rule = {
  id: 'workload-role-denied',
  title: "Workload's role does not trust how the workload gets it",
  severity: 'high',
  description:
    'A pod (IRSA or Pod Identity), node group, ECS task, Lambda function or Glue job names a role whose trust policy does not admit the service or OIDC provider that asks for it, with the subject, audience or session tags it presents: the workload gets no credentials.',
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const denied = new Set(
      edgesOf(ctx, 'runs-as')
        .filter((e) => e.decision === 'ImplicitDeny' || e.decision === 'ExplicitDeny')
        .map((e) => `${e.source}|${e.target}`),
    );
    if (denied.size === 0) return out;
    for (const w of workloadsById(ctx.snapshot.workloads ?? []).values())
      for (const r of w.roles) {
        if (!DATA_ROLE_USES.has(r.use) || r.use === 'instance-profile') continue;
        const role = ctx.index.rolesByArn.get(r.arn);
        if (!role || !denied.has(`${w.id}|${role.arn}`)) continue;
        out.push(one(ctx, w, r.use, role));
      }
    return out;
  },
};

function one(ctx: RuleContext, w: Workload, use: WorkloadRoleUse, role: Role): Finding {
  const s = evaluateWorkloadRole(ctx.index, w, use, role);
  const statement = trustStatement(ctx, w, use, s.principal);
  const newDocument = addStatement(role.trustPolicy, statement);
  const { cli, file } = trustCli(role.name);
  const who =
    use === 'irsa' || use === 'pod-identity'
      ? `${serviceAccountSubject(w.namespace ?? 'default', w.serviceAccount ?? w.name)} of cluster ${w.cluster ?? '?'}`
      : w.name;
  const asks = use === 'irsa' ? `${s.principal} (${s.action})` : `${s.principal} (${s.action})`;
  return finding(workloadRoleDenied, `${w.id}#${role.arn}`, {
    message: `${who} runs as ${role.name} through ${HOW[use] ?? use}, but the trust of ${role.name} does not admit ${asks}: the workload gets no credentials.`,
    nodes: [w.id, role.arn],
    edges: [`runs-as|${w.id}|${role.arn}`],
    evidence: [
      ...evidenceOf(
        { decision: s.decision, reasons: s.reasons, openConditions: [], validation: [] },
        role.arn,
      ),
      {
        text: `The request: ${
          Object.entries(s.context)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(', ') || 'no condition keys'
        }.`,
      },
    ],
    fix: withRecheckOf(
      {
        summary: `Add a statement to the trust policy of ${role.name} that admits ${who} exactly.`,
        target: role.arn,
        policyKind: 'trust',
        addStatement: statement,
        newDocument,
        cli,
        file,
      },
      (document) =>
        recheckTrust(
          ctx,
          role,
          { principal: s.principal, action: s.action, context: s.context, mode: 'open' },
          document,
        ),
    ),
    account: role.account,
  });
}

/** The statement the AWS documentation gives for this way of getting a role, pinned to this workload. */
function trustStatement(ctx: RuleContext, w: Workload, use: WorkloadRoleUse, principal: string): Json {
  const sid = sidOf(`Rolechain ${w.name} ${use}`);
  if (use === 'irsa') {
    const issuer = clusterOf(ctx.index, w)
      ?.oidcIssuer?.replace(/^https:\/\//, '')
      .replace(/\/$/, '');
    return {
      Sid: sid,
      Effect: 'Allow',
      Principal: { Federated: principal },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          [`${issuer ?? '<issuer>'}:sub`]: serviceAccountSubject(
            w.namespace ?? 'default',
            w.serviceAccount ?? w.name,
          ),
          [`${issuer ?? '<issuer>'}:aud`]: 'sts.amazonaws.com',
        },
      },
    };
  }
  if (use === 'pod-identity')
    return {
      Sid: sid,
      Effect: 'Allow',
      Principal: { Service: USE_SERVICE[use] },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: {
          'aws:RequestTag/kubernetes-namespace': w.namespace ?? 'default',
          'aws:RequestTag/kubernetes-service-account': w.serviceAccount ?? w.name,
        },
      },
    };
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: USE_SERVICE[use] ?? principal },
    Action: 'sts:AssumeRole',
    ...(use === 'task' ? { Condition: { StringEquals: { 'aws:SourceAccount': w.account } } } : {}),
  };
}
