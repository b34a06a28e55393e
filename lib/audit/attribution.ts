import type { AssumeEvent, IdentityCenter } from '../model';
import { accountOf, icUserBySubject, issuedTo, nameOf } from '../model';

export const ORIGIN_KINDS = [
  'iam-user',
  'root',
  'saml',
  'identity-center-user',
  'web-identity',
  'ec2-instance',
  'eks-pod',
  'ecs-task',
  'lambda-function',
  'glue-job',
  'aws-service',
  'external-account',
  'unknown',
] as const;
export type OriginKind = (typeof ORIGIN_KINDS)[number];

/** The first human or workload behind a chain of sessions. */
export interface Origin {
  kind: OriginKind;
  id: string;
  arn?: string;
  label: string;
}

export interface Ancestry {
  origin: Origin;
  /** Event ids from the first call of the chain to this one (this one last). */
  chain: string[];
  /** The source identity set along the chain (AWS keeps the first one set for every later session). */
  sourceIdentity?: string;
}

/** STS caps a session at 12 hours; a session ARN seen later than that cannot be the same session. */
const MAX_SESSION_MS = 12 * 3600 * 1000;
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

/**
 * Traces each event back to its origin. A call made with a temporary key (`ASIA…`) descends from
 * the event that issued that key, when the caller is the kind of principal that call creates
 * (`issuedTo`); where the record carries no key (a bare `AWSAccount` caller in
 * the role owner's trail) the assumed-role session ARN is matched instead, to the latest issue of
 * that session at most 12 hours before. Iterative, memoised and cycle-safe: O(n log n).
 */
export interface AttributionOptions {
  /** Instance id → its Name tag, from the snapshot: the original identity then names the instance. */
  instanceNames?: ReadonlyMap<string, string>;
  /**
   * EKS clusters by OIDC issuer host and path (`oidc.eks.<region>.amazonaws.com/id/<ID>`), from the
   * snapshot: a web-identity session then names its cluster and service account.
   */
  clustersByIssuer?: ReadonlyMap<string, { arn: string; name: string }>;
  /** Identity Center's users, from the snapshot: an Identity Center session then names its user. */
  identityCenter?: IdentityCenter;
  /**
   * The path of each role named `AWSReservedSSO_…` in the snapshot, by `<account>/<name>`: a session
   * ARN carries no path, and a role only named like an Identity Center one is not one.
   */
  ssoRolePaths?: ReadonlyMap<string, string>;
}

export function attribute(
  events: readonly AssumeEvent[],
  options: AttributionOptions = {},
): Map<string, Ancestry> {
  const byKey = new Map<string, AssumeEvent>();
  const bySession = new Map<string, { t: number; e: AssumeEvent }[]>();
  for (const e of events) {
    if (e.outcome !== 'success') continue;
    // Only temporary keys name a session; `AKIA…` in a response is an example or a redaction.
    if (e.issuedAccessKeyId?.startsWith('ASIA')) {
      const seen = byKey.get(e.issuedAccessKeyId);
      if (!seen || e.time < seen.time) byKey.set(e.issuedAccessKeyId, e);
    }
    if (e.assumedRoleArn) {
      const list = bySession.get(e.assumedRoleArn) ?? [];
      list.push({ t: Date.parse(e.time), e });
      bySession.set(e.assumedRoleArn, list);
    }
  }
  for (const list of bySession.values()) list.sort((a, b) => a.t - b.t);

  const parentOf = (e: AssumeEvent): AssumeEvent | undefined => {
    const key = e.caller.accessKeyId;
    if (key) {
      const p = byKey.get(key);
      if (p && p.time <= e.time && issuedTo(p, e)) return p;
      // A key some other call issued (or one that disagrees on who holds it) links to nothing.
      if (p) return undefined;
    }
    const session = e.caller.arn;
    if (!session || !session.includes(':assumed-role/')) return undefined;
    const list = bySession.get(session);
    if (!list) return undefined;
    const t = Date.parse(e.time);
    const i = lastAtOrBefore(list, t);
    const p = i >= 0 ? list[i]!.e : undefined;
    return p && p !== e && t - list[i]!.t <= MAX_SESSION_MS ? p : undefined;
  };

  const memo = new Map<string, Ancestry>();
  for (const start of events) {
    if (memo.has(start.eventId)) continue;
    const path: AssumeEvent[] = [];
    const onPath = new Set<string>();
    let cur: AssumeEvent | undefined = start;
    while (cur && !memo.has(cur.eventId) && !onPath.has(cur.eventId)) {
      path.push(cur);
      onPath.add(cur.eventId);
      cur = parentOf(cur);
    }
    let base = cur ? memo.get(cur.eventId) : undefined;
    for (let i = path.length - 1; i >= 0; i--) {
      const node = path[i]!;
      const sid = base?.sourceIdentity ?? node.caller.sourceIdentity ?? node.sourceIdentity;
      const anc: Ancestry = base
        ? { origin: base.origin, chain: [...base.chain, node.eventId] }
        : { origin: originOf(node, options), chain: [node.eventId] };
      if (sid) anc.sourceIdentity = sid;
      memo.set(node.eventId, anc);
      base = anc;
    }
  }
  return memo;
}

function lastAtOrBefore(list: { t: number }[], t: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.t <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Who made a call whose credentials no loaded event issued. */
export function originOf(e: AssumeEvent, options: AttributionOptions = {}): Origin {
  const names = options.instanceNames;
  const instance = (id: string, region: string, account: string | undefined): Origin =>
    instanceOrigin(id, region, account, names?.get(id));
  const c = e.caller;
  const withArn = (o: Origin, arn: string | undefined): Origin => (arn ? { ...o, arn } : o);
  switch (c.type) {
    case 'IAMUser': {
      const name = c.userName ?? (c.arn ? nameOf(c.arn) : (c.principalId ?? 'unknown user'));
      return withArn({ kind: 'iam-user', id: c.arn ?? name, label: `IAM user ${name}` }, c.arn);
    }
    case 'Root': {
      const account = c.accountId ?? '?';
      return withArn({ kind: 'root', id: account, label: `root user of ${account}` }, c.arn);
    }
    case 'SAMLUser': {
      const subject = c.subject ?? e.subject ?? c.principalId ?? 'unknown subject';
      const via = e.provider ? nameOf(e.provider) : c.identityProvider;
      // Identity Center signs its users in through its own SAML provider, into its own roles.
      const sso = e.roleArn ? ssoRoleOf(e.roleArn, options) : undefined;
      if (sso && (via === undefined || IC_SAML_PROVIDER.test(via.slice(via.lastIndexOf('/') + 1))))
        return icUserOrigin(e.roleSessionName ?? subject, sso, options);
      return withArn(
        { kind: 'saml', id: subject, label: via ? `${subject} (SAML, ${via})` : `${subject} (SAML)` },
        e.provider,
      );
    }
    case 'IdentityCenterUser': {
      const subject = c.subject ?? c.principalId ?? 'unknown user';
      return icUserOrigin(subject, undefined, options);
    }
    case 'WebIdentityUser': {
      const subject = e.subject ?? c.subject ?? c.principalId ?? 'unknown subject';
      const via = e.provider ?? c.identityProvider;
      const pod = eksPodOrigin(subject, via, options);
      if (pod) return pod;
      return { kind: 'web-identity', id: subject, label: via ? `${subject} (${via})` : subject };
    }
    case 'AWSService': {
      const service = c.invokedBy ?? 'an AWS service';
      if (service === 'ec2.amazonaws.com' && e.roleSessionName && INSTANCE_ID.test(e.roleSessionName))
        return instance(e.roleSessionName, e.region, e.roleArn ? accountOf(e.roleArn) : undefined);
      const workload = serviceWorkloadOrigin(service, e);
      if (workload) return workload;
      return { kind: 'aws-service', id: service, label: service };
    }
    case 'AssumedRole':
    case 'AWSAccount':
    case 'FederatedUser':
    case 'Unknown': {
      // A session issued before the loaded logs: an instance-profile session still names its instance.
      const session = c.arn?.includes(':assumed-role/') ? nameOf(c.arn) : undefined;
      if (session && INSTANCE_ID.test(session)) return instance(session, e.region, c.accountId);
      // An Identity Center session: its name is the user's (the SAML assertion's RoleSessionName).
      const sso = session && c.arn ? ssoRoleOf(c.arn, options) : undefined;
      if (session && sso) return icUserOrigin(session, sso, options);
      if (c.type === 'AWSAccount' && c.accountId && c.accountId !== e.recordedBy)
        return withArn({ kind: 'external-account', id: c.accountId, label: `account ${c.accountId}` }, c.arn);
      const id = c.arn ?? c.principalId ?? c.accountId ?? 'unknown';
      return withArn({ kind: 'unknown', id, label: `${id} (issued outside the loaded logs)` }, c.arn);
    }
  }
}

function instanceOrigin(
  id: string,
  region: string,
  account: string | undefined,
  name: string | undefined,
): Origin {
  const label = name !== undefined && name !== '' ? `EC2 instance ${name} (${id})` : `EC2 instance ${id}`;
  const o: Origin = { kind: 'ec2-instance', id, label };
  if (account && region) o.arn = `arn:aws:ec2:${region}:${account}:instance/${id}`;
  return o;
}

const SERVICE_ACCOUNT_SUBJECT = /^system:serviceaccount:([^:]+):([^:]+)$/;

/**
 * IRSA: the pod's projected token names its service account as the subject
 * (`system:serviceaccount:<ns>:<sa>`) and its cluster's issuer as the provider (EKS User Guide).
 */
function eksPodOrigin(
  subject: string,
  provider: string | undefined,
  options: AttributionOptions,
): Origin | undefined {
  const m = SERVICE_ACCOUNT_SUBJECT.exec(subject);
  if (!m) return undefined;
  const host = (provider ?? '')
    .replace(/^arn:[^:]+:iam::\d{12}:oidc-provider\//, '')
    .replace(/^https:\/\//, '');
  const cluster = options.clustersByIssuer?.get(host);
  const name = `${m[1] ?? ''}/${m[2] ?? ''}`;
  if (!cluster)
    return {
      kind: 'eks-pod',
      id: `${host}/${name}`,
      label: `EKS service account ${name} (issuer ${host || '?'})`,
    };
  return {
    kind: 'eks-pod',
    id: `k8s:${cluster.arn}/${name}`,
    label: `EKS service account ${name} of cluster ${cluster.name}`,
  };
}

/**
 * Sessions AWS services start for a workload, by the service that calls STS and what it records:
 * EKS Pod Identity tags the session with the cluster, namespace and service account; Lambda names
 * the session after the function; ECS after the task id; Glue starts job runs' sessions.
 */
function serviceWorkloadOrigin(service: string, e: AssumeEvent): Origin | undefined {
  const session = e.roleSessionName;
  const account = e.roleArn ? accountOf(e.roleArn) : undefined;
  if (service === 'pods.eks.amazonaws.com') {
    const t = e.sessionTags ?? {};
    const ns = t['kubernetes-namespace'];
    const sa = t['kubernetes-service-account'];
    const cluster = t['eks-cluster-arn'];
    if (ns !== undefined && sa !== undefined) {
      const name = `${ns}/${sa}`;
      return cluster
        ? {
            kind: 'eks-pod',
            id: `k8s:${cluster}/${name}`,
            label: `EKS service account ${name} of cluster ${nameOf(cluster)}`,
          }
        : { kind: 'eks-pod', id: name, label: `EKS service account ${name} (Pod Identity)` };
    }
    return {
      kind: 'eks-pod',
      id: session ?? 'pod',
      label: `EKS pod (Pod Identity session ${session ?? '?'})`,
    };
  }
  if (service === 'lambda.amazonaws.com' && session) {
    const arn = account ? `arn:aws:lambda:${e.region}:${account}:function:${session}` : undefined;
    return {
      kind: 'lambda-function',
      id: arn ?? session,
      ...(arn ? { arn } : {}),
      label: `Lambda function ${session}`,
    };
  }
  if (service === 'ecs-tasks.amazonaws.com')
    return { kind: 'ecs-task', id: session ?? 'task', label: `ECS task ${session ?? '?'}` };
  if (service === 'glue.amazonaws.com')
    return {
      kind: 'glue-job',
      id: `${account ?? '?'}/${session ?? 'glue'}`,
      label: `Glue job run (session ${session ?? '?'})`,
    };
  return undefined;
}

const IC_SAML_PROVIDER = /^AWSSSO_[0-9a-f]+_DO_NOT_DELETE$/;
const SSO_ROLE = /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/;

/**
 * The permission set and account of an Identity Center role, from its role or session ARN
 * (`…:role/aws-reserved/sso.amazonaws.com/[region/]AWSReservedSSO_<set>_<hash>` or
 * `…:assumed-role/AWSReservedSSO_<set>_<hash>/<session>`). A role the snapshot holds on another
 * path is not Identity Center's, whatever its name.
 */
function ssoRoleOf(
  arn: string,
  options: AttributionOptions,
): { permissionSet: string; account?: string } | undefined {
  const m = /^arn:[^:]+:(?:iam|sts)::(\d{12})?:(role|assumed-role)\/(.+)$/.exec(arn);
  if (!m) return undefined;
  const parts = (m[3] ?? '').split('/');
  const name = m[2] === 'assumed-role' ? parts[0] : parts[parts.length - 1];
  const set = name ? SSO_ROLE.exec(name)?.[1] : undefined;
  if (!name || set === undefined) return undefined;
  if (m[2] === 'role' && !(m[3] ?? '').startsWith('aws-reserved/sso.amazonaws.com/')) return undefined;
  const known = m[1] ? options.ssoRolePaths?.get(`${m[1]}/${name}`) : undefined;
  if (known !== undefined && !known.startsWith('/aws-reserved/sso.amazonaws.com/')) return undefined;
  return { permissionSet: set, ...(m[1] ? { account: m[1] } : {}) };
}

/** An Identity Center user: by the identity store's id where the snapshot's Identity Center knows the name. */
function icUserOrigin(
  userName: string,
  sso: { permissionSet: string; account?: string } | undefined,
  options: AttributionOptions,
): Origin {
  const user = icUserBySubject(options.identityCenter, userName);
  const who = user?.displayName ? `${user.name} (${user.displayName})` : (user?.name ?? userName);
  const where = sso
    ? ` via permission set ${sso.permissionSet}${sso.account ? ` in account ${sso.account}` : ''}`
    : '';
  const arn = user ? `arn:aws:identitystore:::user/${user.id}` : undefined;
  return {
    kind: 'identity-center-user',
    id: arn ?? `identity-center-user:${userName.toLowerCase()}`,
    ...(arn ? { arn } : {}),
    label: `Identity Center user ${who}${where}`,
  };
}
