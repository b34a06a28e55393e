/**
 * IAM Identity Center in the graph. Each `AWSReservedSSO_<set>_<hash>` role (under
 * `/aws-reserved/sso.amazonaws.com/`) is the permission set `<set>` provisioned in the role's
 * account (IAM Identity Center User Guide, "IAM roles created by IAM Identity Center"):
 * - `has-profile`: permission set → the role it is provisioned as, in each account;
 * - `runs-as`: an assigned user or group → that role. Identity Center signs the user in with
 *   `sts:AssumeRoleWithSAML` through the account's `AWSSSO_…_DO_NOT_DELETE` SAML provider, so the
 *   edge carries the engine's decision of that provider's edge to the role: the assignment alone
 *   opens nothing the role's trust does not admit. A trust that names no such provider is a deny.
 * Where Identity Center was not read, the role's card says so: its users are unknown, not none.
 */
import type { IcPrincipalType, Role } from '../model';
import { assignmentsOfRole, permissionSetNameOf } from '../model';
import type { GraphBuilder } from './builder';
import type { SnapshotIndex } from './snapshot-index';
import type { GraphEdge } from './types';

/** The identity store's resource ARN of a user or group (Service Authorization Reference, identitystore). */
export const icPrincipalNodeId = (type: IcPrincipalType, id: string): string =>
  `arn:aws:identitystore:::${type === 'USER' ? 'user' : 'group'}/${id}`;

const IC_SAML_PROVIDER = /^AWSSSO_[0-9a-f]+_DO_NOT_DELETE$/;

export function addIdentityCenterEdges(sx: SnapshotIndex, g: GraphBuilder): void {
  const ssoRoles = sx.snapshot.roles.filter((r) => permissionSetNameOf(r) !== undefined);
  if (ssoRoles.length === 0) return;
  // The edges from an Identity Center SAML provider into each role, found once.
  const samlEdges = new Map<string, GraphEdge>();
  for (const e of g.edges.values()) {
    const source = g.nodes.get(e.source);
    if (source?.kind !== 'saml-provider' || !IC_SAML_PROVIDER.test(source.label)) continue;
    if (e.kind === 'can-assume' || e.kind === 'missing-trust' || e.kind === 'missing-permission')
      samlEdges.set(e.target, e);
  }
  const ic = sx.snapshot.identityCenter;
  for (const role of ssoRoles) linkRole(g, role, ic, samlEdges.get(role.arn));
}

function linkRole(
  g: GraphBuilder,
  role: Role,
  ic: SnapshotIndex['snapshot']['identityCenter'],
  saml: GraphEdge | undefined,
): void {
  const roleId = g.role(role);
  const name = permissionSetNameOf(role) ?? '';
  const linked = assignmentsOfRole(ic, role);
  const roleNode = g.nodes.get(roleId);
  if (!roleNode) return;
  if (!ic) {
    roleNode.meta = { ...roleNode.meta, permissionSet: name, identityCenterNotRead: true };
    return;
  }
  const ps = linked?.permissionSet;
  if (!ps) {
    roleNode.meta = { ...roleNode.meta, permissionSet: name, permissionSetNotFound: true };
    return;
  }
  roleNode.meta = { ...roleNode.meta, permissionSet: ps.name, assigned: linked.principals.length };
  const psId = g.node({
    id: ps.arn,
    kind: 'permission-set',
    label: ps.name,
    arn: ps.arn,
    meta: {
      ...(ps.sessionDuration !== undefined ? { sessionDuration: ps.sessionDuration } : {}),
      ...(ps.description !== undefined ? { description: ps.description } : {}),
    },
  });
  g.edge('has-profile', psId, roleId, { trustMatch: 'permission-set' });
  for (const p of linked.principals) {
    const id = g.node({
      id: icPrincipalNodeId(p.type, p.id),
      kind: p.type === 'USER' ? 'ic-user' : 'ic-group',
      label: p.name ?? p.id,
      arn: icPrincipalNodeId(p.type, p.id),
      meta: { principalId: p.id, ...(p.name === undefined ? { nameNotRead: true } : {}) },
    });
    const who = `${p.type === 'USER' ? 'user' : 'group'} ${p.name ?? p.id}`;
    const assigned = `Identity Center assigns ${who} the permission set ${ps.name} in account ${role.account}`;
    if (saml && saml.kind === 'can-assume' && saml.decision !== undefined)
      g.edge('runs-as', id, roleId, {
        decision: saml.decision,
        reasons: [
          {
            policy: { kind: 'trust', arn: role.arn, name: `trust policy of ${role.name}` },
            outcome: saml.decision === 'Conditional' ? 'conditional' : 'applies',
            effect: 'Allow',
            message: `${assigned}; it signs in with sts:AssumeRoleWithSAML through ${g.nodes.get(saml.source)?.label ?? saml.source}, which the role's trust admits.`,
          },
          ...(saml.reasons ?? []),
        ],
        ...(saml.openConditions ? { openConditions: saml.openConditions } : {}),
        action: 'sts:AssumeRoleWithSAML',
        trustMatch: 'identity-center',
      });
    else
      g.edge('runs-as', id, roleId, {
        decision: 'ImplicitDeny',
        reasons: [
          {
            policy: { kind: 'trust', arn: role.arn, name: `trust policy of ${role.name}` },
            outcome: 'missing',
            message: `${assigned}, but the role's trust does not admit an AWSSSO_…_DO_NOT_DELETE SAML provider, so the sign-in fails.`,
          },
          ...(saml?.reasons ?? []),
        ],
        action: 'sts:AssumeRoleWithSAML',
        trustMatch: 'identity-center',
      });
  }
}
