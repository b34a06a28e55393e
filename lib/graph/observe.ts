/**
 * Overlays CloudTrail's view on the graph: `observed` edges for AssumeRole* calls that succeeded,
 * `denied-attempt` edges for calls that were denied or failed. Callers are mapped to graph nodes: an
 * assumed-role session to its role, or to the EC2 instance when the session name is an instance id
 * (EC2 names instance-profile sessions after the instance), as is the audit's origin `i-…` of such a
 * session and the `instance:i-…` caller of EC2's own AssumeRole for an instance.
 */
import { isAccountId, parseArn } from '../model';
import type { GraphBuilder } from './builder';
import { instanceNodeId, unknownInstanceNodeId } from './builder';
import type { SnapshotIndex } from './snapshot-index';
import { subjectLabel } from './subject-label';
import { findPrincipal } from './snapshot-index';
import type { EdgeObservation, GraphEdge } from './types';

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
const INSTANCE_ARN = /^arn:[^:]+:ec2:[^:]*:(\d{12})?:instance\/(i-[0-9a-f]{8,17})$/;

/**
 * The node of an EC2 instance named by its id: the snapshot's instance, or else one *unknown instance*
 * node per id (EC2 was not collected for its account or region, or it is terminated). Never an external
 * principal: an instance id is only ever a workload of the account whose role it took.
 */
export function instanceNode(sx: SnapshotIndex, g: GraphBuilder, id: string, account?: string): string {
  const inst = sx.instancesById.get(id);
  if (inst) return instanceNodeId(inst.account, inst.region, inst.id);
  return g.node({
    id: unknownInstanceNodeId(id),
    kind: 'instance',
    label: `unknown instance ${id}`,
    ...(account !== undefined ? { account } : {}),
    ...(account !== undefined && !sx.collectedAccounts.has(account) ? { external: true } : {}),
    meta: { instanceId: id, unknownInstance: true },
  });
}

/** The graph node of a CloudTrail caller (adds it when the graph lacks it). */
export function callerNode(sx: SnapshotIndex, g: GraphBuilder, caller: string): string {
  const text = caller.trim();
  if (text === '' || text === '*' || text.toLowerCase() === 'anonymous') return g.anonymous();
  // The audit's origin of an instance-profile session (`i-…`), or an instance ARN.
  if (INSTANCE_ID.test(text)) return instanceNode(sx, g, text);
  if (text.startsWith('instance:') && INSTANCE_ID.test(text.slice('instance:'.length)))
    return instanceNode(sx, g, text.slice('instance:'.length));
  const instanceArn = INSTANCE_ARN.exec(text);
  if (instanceArn) return instanceNode(sx, g, instanceArn[2] as string, instanceArn[1]);
  if (text.startsWith('service:')) return g.service(text.slice('service:'.length));
  if (/\.amazonaws\.com(\.cn)?$/.test(text) && !text.startsWith('arn:')) return g.service(text);
  if (text.startsWith('account:')) return g.account(text.slice('account:'.length));
  if (isAccountId(text)) return g.account(text);
  const arn = parseArn(text);
  // A federated subject with no provider recorded (the audit's `oidc:<sub>`): labelled by the whole
  // subject, as `repo:a/b:ref:refs/heads/main` and `repo:c/d:ref:refs/heads/main` differ only there.
  if (!arn)
    return g.outsidePrincipal(text, 'external', /^(oidc|saml):/.test(text) ? subjectLabel(text) : undefined);
  if (arn.service === 'iam' && arn.resource === 'root') return g.account(arn.account);
  if (arn.service === 'iam' && /^(oidc|saml)-provider\//.test(arn.resource)) return g.provider(text);
  const session = /^assumed-role\/([^/]+)\/(.+)$/.exec(arn.resource);
  if (arn.service === 'sts' && session) {
    const [, roleName, sessionName] = session as unknown as [string, string, string];
    if (INSTANCE_ID.test(sessionName)) return instanceNode(sx, g, sessionName, arn.account);
    const role = sx.rolesByAccountName.get(`${arn.account}/${roleName}`);
    if (role) return g.role(role);
    return g.outsidePrincipal(
      `arn:${arn.partition}:iam::${arn.account}:role/${roleName}`,
      sx.collectedAccounts.has(arn.account) ? 'absent' : 'external',
    );
  }
  const p = findPrincipal(sx, text);
  if (p) return p.kind === 'role' ? g.role(p.role) : g.user(p.user);
  return g.outsidePrincipal(text, sx.collectedAccounts.has(arn.account) ? 'absent' : 'external');
}

function roleNode(sx: SnapshotIndex, g: GraphBuilder, roleArn: string): string {
  const role = sx.rolesByArn.get(roleArn);
  if (role) return g.role(role);
  const a = parseArn(roleArn);
  const byName = a
    ? sx.rolesByAccountName.get(`${a.account}/${a.resource.slice(a.resource.lastIndexOf('/') + 1)}`)
    : undefined;
  if (byName) return g.role(byName);
  return g.outsidePrincipal(roleArn, a && sx.collectedAccounts.has(a.account) ? 'absent' : 'external');
}

const earlier = (a: string, b: string): string => (a <= b ? a : b);
const later = (a: string, b: string): string => (a >= b ? a : b);

/** Adds or merges one edge per (caller node, role, success/failure). */
export function overlayObservations(
  sx: SnapshotIndex,
  g: GraphBuilder,
  observations: readonly EdgeObservation[],
): void {
  for (const o of observations) {
    const source = callerNode(sx, g, o.caller);
    const target = roleNode(sx, g, o.role);
    const kind = o.outcome === 'success' ? 'observed' : 'denied-attempt';
    const e: GraphEdge = g.edge(kind, source, target);
    if (!e.observation) {
      e.observation = { count: o.count, firstSeen: o.firstSeen, lastSeen: o.lastSeen };
      e.outcome = o.outcome;
      continue;
    }
    e.observation = {
      count: e.observation.count + o.count,
      firstSeen: earlier(e.observation.firstSeen, o.firstSeen),
      lastSeen: later(e.observation.lastSeen, o.lastSeen),
    };
    // `denied` explains more than `error`: keep it when both were seen.
    if (o.outcome === 'denied') e.outcome = 'denied';
  }
}
