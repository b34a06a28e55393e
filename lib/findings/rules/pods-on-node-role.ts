/**
 * Service accounts with neither an IRSA role nor a Pod Identity association: their pods' SDKs fall
 * through the credential chain to the instance metadata service and run as the node group's role,
 * shared by every pod on the node. That is how the StarRocks operator ends up calling STS as
 * `assumed-role/eks_node_group…/i-…` and fails `sts:AssumeRole` on the role it was meant to use.
 */
import { DATA_ROLE_USES } from '../../model';
import { workloadsById } from '../../graph/workloads';
import type { RuleContext } from '../context';
import { finding } from '../fixes';
import type { Finding, Rule } from '../types';

export const podsOnNodeRole: Rule = {
  id: 'pods-on-node-role',
  title: 'Pods without a role of their own run as the node role',
  severity: 'low',
  description:
    "A Kubernetes service account with no IRSA annotation and no EKS Pod Identity association gets no role of its own: its pods use the node group's instance role through the instance metadata service, shared by every pod on the node, and any sts:AssumeRole they make is made as the node.",
  run(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const all = [...workloadsById(ctx.snapshot.workloads ?? []).values()];
    const clusters = new Map<string, { accounts: typeof all; nodes: typeof all }>();
    for (const w of all) {
      if (w.cluster === undefined) continue;
      const key = `arn:aws:eks:${w.region}:${w.account}:cluster/${w.cluster}`;
      const c = clusters.get(key) ?? { accounts: [], nodes: [] };
      if (w.kind === 'eks-node-group') c.nodes.push(w);
      else if (w.kind === 'eks-service-account' && !w.roles.some((r) => DATA_ROLE_USES.has(r.use)))
        c.accounts.push(w);
      clusters.set(key, c);
    }
    for (const [cluster, c] of clusters) {
      if (c.accounts.length === 0 || c.nodes.length === 0) continue;
      const roles = [
        ...new Set(c.nodes.flatMap((n) => n.roles.filter((r) => r.use === 'node').map((r) => r.arn))),
      ];
      if (roles.length === 0) continue;
      const names = c.accounts.map((a) => a.name).sort();
      out.push(
        finding(this, cluster, {
          message: `In cluster ${cluster.split('/').pop() ?? cluster}, ${names.join(', ')} have no role of their own (no IRSA annotation, no Pod Identity association): their pods run as the node role ${roles.map((r) => r.split('/').pop()).join(', ')}.`,
          nodes: [cluster, ...c.accounts.map((a) => a.id), ...c.nodes.map((n) => n.id), ...roles],
          edges: c.accounts.flatMap((a) => c.nodes.map((n) => `has-profile|${a.id}|${n.id}`)),
          evidence: [
            {
              text: `Service accounts read from the kubectl export without an eks.amazonaws.com/role-arn annotation and without a Pod Identity association: ${names.join(', ')}. A pod that needs AWS should get a role of its own (IRSA or Pod Identity) rather than the node's.`,
            },
          ],
          // Nothing in IAM changes: the role is given in Kubernetes or EKS. No command is printed, since
          // the role each pod should get is the owner's choice.
          fix: {
            summary: `Give each of these service accounts that calls AWS a role of its own: an EKS Pod Identity association (aws eks create-pod-identity-association --cluster-name <cluster> --namespace <ns> --service-account <sa> --role-arn <role>) or an IRSA annotation (eks.amazonaws.com/role-arn), with a trust that admits exactly that service account.`,
            target: cluster,
            policyKind: 'none',
          },
          account: cluster.split(':')[4],
        }),
      );
    }
    return out;
  },
};
