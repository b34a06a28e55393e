/**
 * What a chain check is asked, and how its free-form inputs are read: the source (role, user, session,
 * instance profile, EC2 instance id), and the resource (`s3://bucket/path`, an S3 or Glue ARN, `glue:catalog`).
 */
import type { Ec2Instance, InstanceProfile, Role, Workload, WorkloadRoleUse } from '../model';
import { DATA_ROLE_USES, parseArn } from '../model';
import { workloadsById } from './workloads';
import type { IamPrincipal, SnapshotIndex } from './snapshot-index';
import { findPrincipal } from './snapshot-index';

export interface ChainCheckRequest {
  /** A role or user ARN, an assumed-role session ARN, an instance profile ARN, or an EC2 instance id. */
  source: string;
  targetRole: string;
  /** `s3://bucket/path`, `arn:aws:s3:::bucket/key`, a Glue ARN, or `glue:catalog`. */
  resource: string;
  /** E.g. `s3:GetObject`. */
  action: string;
  externalId?: string;
  durationSeconds?: number;
  /** Force (or rule out) role chaining; by default a role, session or instance source chains. */
  roleChaining?: boolean;
  /** Region of a `glue:catalog` resource (and of the engine's endpoint). */
  region?: string;
  /** The KMS key that encrypts the objects, where known (else the key the target's policies name, if one). */
  kmsKey?: string;
}

/**
 * What exactly is wrong with a role ARN, or undefined when it is one (`arn:<partition>:iam::<12 digits>:role/<path/name>`).
 * The Doris documentation's own example has a 10-digit account; Iceberg's a 9-digit one; Hadoop's 14.
 */
export function roleArnProblem(text: string): string | undefined {
  const s = text.trim();
  if (/^<.*>$|^\$\{.*\}$/.test(s)) return `'${s}' is a placeholder: put the ARN of the role to assume`;
  if (!s.startsWith('arn:')) return `'${s}' is not an ARN: a role ARN starts with arn:aws:iam::`;
  const parts = s.split(':');
  if (parts.length < 6)
    return `'${s}' has ${parts.length - 1} colons; a role ARN is arn:aws:iam::<account>:role/<name>`;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  const resource = parts.slice(5).join(':');
  if (!/^aws(-cn|-us-gov|-iso[a-z-]*)?$/.test(partition))
    return `'${s}': the partition '${partition}' is not aws, aws-cn, aws-us-gov or an ISO partition`;
  if (service !== 'iam') return `'${s}': the service is '${service}'; a role ARN's service is iam`;
  if (region !== '') return `'${s}': IAM ARNs have no region, but '${region}' is given`;
  if (!/^\d+$/.test(account))
    return `'${s}': the account '${account}' is not a number; an AWS account id is 12 digits`;
  if (account.length !== 12)
    return `'${s}': the account '${account}' has ${account.length} digits; an AWS account id has exactly 12`;
  if (!resource.startsWith('role/'))
    return `'${s}': '${resource.split('/')[0] ?? resource}' is not a role; the resource part of a role ARN is role/<name>`;
  const name = resource.split('/').pop() ?? '';
  if (name === '') return `'${s}': the role name is empty`;
  if (!/^[\w+=,.@-]{1,64}$/.test(name))
    return `'${s}': the role name '${name}' has characters IAM does not allow (letters, digits and +=,.@_- only, at most 64)`;
  return undefined;
}

/** Problems that make a request impossible to check (the CLI exits 2 on them). */
export function validateChainRequest(r: Partial<ChainCheckRequest>): string[] {
  const out: string[] = [];
  if (!r.source?.trim())
    out.push('--source is required: a role or user ARN, an instance profile ARN, or an EC2 instance id');
  else if (sourceProblem(r.source)) out.push(`--source ${sourceProblem(r.source) ?? ''}`);
  if (!r.targetRole?.trim()) out.push('--target-role is required: the ARN of the role to assume');
  else {
    const problem = roleArnProblem(r.targetRole);
    if (problem) out.push(`--target-role ${problem}`);
  }
  if (!r.resource?.trim())
    out.push('--resource is required: s3://bucket/path, an S3 or Glue ARN, or glue:catalog');
  else if (!parseResource(r.resource.trim(), r.action ?? 's3:GetObject', undefined, r.region))
    out.push(`--resource '${r.resource}' is not s3://bucket/path, an S3 or Glue ARN, or glue:catalog`);
  if (!r.action?.trim()) out.push('--action is required, e.g. s3:GetObject');
  else if (!/^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(r.action.trim()))
    out.push(`--action '${r.action}' is not service:Action`);
  if (r.durationSeconds !== undefined && (!Number.isInteger(r.durationSeconds) || r.durationSeconds <= 0))
    out.push('--duration is a whole number of seconds');
  return out;
}

/** What is wrong with a chain's source, or undefined when it has one of the accepted shapes. */
export function sourceProblem(source: string): string | undefined {
  const s = source.trim();
  return isSourceShape(s)
    ? undefined
    : `'${s}' is neither an IAM role/user/session ARN, an instance profile ARN, an EC2 instance id (i-…), nor a workload (k8s:<cluster ARN>/<namespace>/<service account>, or the ARN of a node group, ECS task definition, Lambda function, Glue job or EMR cluster)`;
}

const isSourceShape = (s: string): boolean =>
  /^i-[0-9a-f]{8,17}$/.test(s) ||
  isWorkloadShape(s) ||
  /^arn:aws[\w-]*:(iam::\d{12}:(role|user|instance-profile)\/.+|sts::\d{12}:assumed-role\/.+\/.+)$/.test(s);

/**
 * A workload, by its graph node id: a Kubernetes service account (`k8s:<cluster ARN>/<ns>/<sa>`), or the
 * ARN of an EKS node group, ECS task definition, Lambda function, Glue job or crawler, or EMR cluster.
 */
const isWorkloadShape = (s: string): boolean =>
  /^k8s:arn:aws[\w-]*:eks:[^:]+:\d{12}:cluster\/[^/]+\/[^/]+\/[^/]+$/.test(s) ||
  /^arn:aws[\w-]*:(eks|ecs|lambda|glue|elasticmapreduce):[^:]+:\d{12}:(nodegroup|task-definition|function|job|crawler|cluster)[/:].+$/.test(
    s,
  );

export interface ResolvedSource {
  /** What the source string named. */
  kind: 'role' | 'user' | 'session' | 'instance-profile' | 'instance' | 'workload' | 'outside' | 'invalid';
  /** The IAM principal whose policies make the call (the instance's role for an instance or profile). */
  principal?: IamPrincipal;
  /** The caller ARN the request carries (role or user ARN), also for a caller outside the snapshot. */
  callerArn?: string;
  instance?: Ec2Instance;
  profile?: InstanceProfile;
  /** Why the source cannot make a call at all (no profile, profile without role, role not trusting EC2). */
  problem?: string;
  /** A workload source, and how it gets the role in `principal` (the step its service must pass first). */
  workload?: Workload;
  use?: WorkloadRoleUse;
}

/**
 * A workload source: the role its code runs as. A service account with no role of its own gets its
 * node group's role (pods fall through to the instance metadata service); an EMR cluster its
 * instance profile's. The ECS execution role and the EMR service role are never the source's identity.
 */
function fromWorkload(sx: SnapshotIndex, w: Workload): ResolvedSource {
  const own = w.roles.find((r) => DATA_ROLE_USES.has(r.use));
  if (own?.use === 'instance-profile') return { ...fromProfile(sx, own.arn), kind: 'workload', workload: w };
  let chosen = own;
  let via: Workload = w;
  if (!chosen && w.kind === 'eks-service-account') {
    const ng = [...workloadsById(sx.snapshot.workloads ?? []).values()].find(
      (x) =>
        x.kind === 'eks-node-group' &&
        x.cluster === w.cluster &&
        x.account === w.account &&
        x.region === w.region,
    );
    chosen = ng?.roles.find((r) => r.use === 'node');
    if (ng) via = ng;
  }
  if (!chosen)
    return {
      kind: 'workload',
      workload: w,
      problem:
        w.kind === 'eks-service-account'
          ? `the service account ${w.name} has no role (no IRSA annotation, no Pod Identity association) and no node group of cluster ${w.cluster ?? '?'} was read: its pods' credentials are unknown`
          : `${w.name} names no role its code runs as`,
    };
  const role = sx.rolesByArn.get(chosen.arn);
  if (!role)
    return {
      kind: 'workload',
      workload: via,
      use: chosen.use,
      callerArn: chosen.arn,
      problem: `${w.name} runs as ${chosen.arn}, which is not in the snapshot`,
    };
  return {
    kind: 'workload',
    workload: via,
    use: chosen.use,
    principal: { kind: 'role', role },
    callerArn: role.arn,
  };
}

/** Reads the source of a chain check against the snapshot. */
export function resolveSource(sx: SnapshotIndex, source: string): ResolvedSource {
  const s = source.trim();
  if (isWorkloadShape(s)) {
    const w = workloadsById(sx.snapshot.workloads ?? []).get(s);
    return w
      ? fromWorkload(sx, w)
      : { kind: 'workload', problem: `the workload ${s} is not in the snapshot` };
  }
  if (/^i-[0-9a-f]{8,17}$/.test(s)) {
    const instance = sx.instancesById.get(s);
    if (!instance) return { kind: 'instance', problem: `the instance ${s} is not in the snapshot` };
    if (!instance.instanceProfileArn)
      return {
        kind: 'instance',
        instance,
        problem: `the instance ${s} has no instance profile, so it has no role credentials at all`,
      };
    return { ...fromProfile(sx, instance.instanceProfileArn), kind: 'instance', instance };
  }
  const arn = parseArn(s);
  if (!arn || !isSourceShape(s))
    return {
      kind: 'invalid',
      problem: `'${s}' is not a role, user, session or instance profile ARN, nor an instance id`,
    };
  if (arn.resource.startsWith('instance-profile/')) return fromProfile(sx, s);
  const p = findPrincipal(sx, s);
  const kind = arn.service === 'sts' ? 'session' : arn.resource.startsWith('user/') ? 'user' : 'role';
  if (p) return { kind, principal: p, callerArn: p.kind === 'role' ? p.role.arn : p.user.arn };
  const callerArn =
    kind === 'session'
      ? `arn:${arn.partition}:iam::${arn.account}:role/${arn.resource.split('/')[1] ?? ''}`
      : s;
  if (sx.collectedAccounts.has(arn.account))
    return {
      kind,
      callerArn,
      problem: `${callerArn} is not in the snapshot of its account ${arn.account} (deleted, or misspelt)`,
    };
  return { kind: 'outside', callerArn };
}

function fromProfile(sx: SnapshotIndex, profileArn: string): ResolvedSource {
  const profile = sx.profilesByArn.get(profileArn);
  if (!profile)
    return { kind: 'instance-profile', problem: `the instance profile ${profileArn} is not in the snapshot` };
  const roleArn = profile.roleArns[0];
  if (roleArn === undefined)
    return {
      kind: 'instance-profile',
      profile,
      problem: `the instance profile ${profile.name} holds no role`,
    };
  const role: Role | undefined = sx.rolesByArn.get(roleArn);
  if (!role)
    return {
      kind: 'instance-profile',
      profile,
      callerArn: roleArn,
      problem: `the instance profile ${profile.name} holds ${roleArn}, which does not exist`,
    };
  return { kind: 'instance-profile', profile, principal: { kind: 'role', role }, callerArn: role.arn };
}

export interface ResolvedResource {
  service: 's3' | 'glue' | 'other';
  /** The ARN the engine is asked about. */
  arn: string;
  bucket?: string;
  key?: string;
  /** The owner where the snapshot or the ARN says. */
  account?: string;
  region?: string;
  /** Extra condition keys the request implies (`s3:prefix` for a listing). */
  context: Record<string, string>;
  /** Other ARNs the same call is authorised on (Glue checks the catalog, the database and the table). */
  also?: string[];
}

/**
 * A Glue ARN with the hierarchy Glue authorises: a table call needs the catalog, the database and the table;
 * a database call the catalog and the database (AWS Glue Developer Guide, "Specifying AWS Glue resource ARNs").
 */
function glueResource(text: string, action: string, account: string, region: string): ResolvedResource {
  const head = /^(arn:[^:]+:glue:[^:]*:[^:]*):/.exec(text)?.[1] ?? text;
  const resource = text.slice(head.length + 1);
  const name = action.toLowerCase().replace(/^glue:/, '');
  const tableAction = /table|partition/.test(name);
  const dbAction = tableAction || /database$/.test(name);
  const catalog = `${head}:catalog`;
  const also: string[] = [];
  if (resource === 'catalog') {
    if (dbAction) also.push(`${head}:database/${FOLDER_PROBE}`);
    if (tableAction) also.push(`${head}:table/${FOLDER_PROBE}/${FOLDER_PROBE}`);
  } else if (resource.startsWith('database/')) {
    const db = resource.slice('database/'.length);
    also.push(catalog);
    if (tableAction) also.push(`${head}:table/${db}/${FOLDER_PROBE}`);
  } else if (resource.startsWith('table/')) {
    const db = resource.slice('table/'.length).split('/')[0] ?? '';
    also.push(catalog, `${head}:database/${db}`);
  }
  return { service: 'glue', arn: text, account, region, context: {}, ...(also.length > 0 ? { also } : {}) };
}

/** S3 actions on the bucket itself rather than on objects (ListBucket, GetBucketLocation, Put/Get/DeleteBucket…). */
export const isBucketAction = (action: string): boolean => {
  const name = action.toLowerCase().replace(/^s3:/, '');
  return name.startsWith('listbucket') || name.includes('bucket') || name === 'listallmybuckets';
};

/** The object key used when a path names a folder (`s3://b/doris/`): any object under it. */
export const FOLDER_PROBE = 'rolechain-check-object';

/**
 * Reads a resource as the engine needs it for `action`. `targetAccount` places `glue:catalog`; undefined
 * when the text is none of the accepted shapes.
 */
export function parseResource(
  text: string,
  action: string,
  targetAccount?: string,
  region?: string,
  sx?: SnapshotIndex,
): ResolvedResource | undefined {
  const s3 = /^s3a?n?:\/\/([^/]+)\/?(.*)$/.exec(text);
  if (s3) return s3Resource(s3[1] as string, s3[2] as string, action, sx);
  if (text.startsWith('arn:aws:s3:::')) {
    const rest = text.slice('arn:aws:s3:::'.length);
    const slash = rest.indexOf('/');
    return s3Resource(
      slash < 0 ? rest : rest.slice(0, slash),
      slash < 0 ? '' : rest.slice(slash + 1),
      action,
      sx,
    );
  }
  if (text === 'glue:catalog' || text === 'glue') {
    const known =
      sx?.snapshot.glueCatalogs.filter(
        (c) => c.account === targetAccount && (region === undefined || c.region === region),
      ) ?? [];
    const r = region ?? known[0]?.region;
    if (targetAccount === undefined)
      return { service: 'glue', arn: `arn:aws:glue:${r ?? '*'}:*:catalog`, context: {} };
    return glueResource(
      `arn:aws:glue:${r ?? 'us-east-1'}:${targetAccount}:catalog`,
      action,
      targetAccount,
      r ?? 'us-east-1',
    );
  }
  const arn = parseArn(text);
  if (arn?.service === 'glue') return glueResource(text, action, arn.account, arn.region);
  if (arn)
    return { service: 'other', arn: text, ...(arn.account ? { account: arn.account } : {}), context: {} };
  return undefined;
}

function s3Resource(bucket: string, path: string, action: string, sx?: SnapshotIndex): ResolvedResource {
  const b = sx?.bucketsByName.get(bucket);
  const owner = {
    ...(b?.account !== undefined ? { account: b.account } : {}),
    ...(b?.region !== undefined ? { region: b.region } : {}),
  };
  if (isBucketAction(action)) {
    return {
      service: 's3',
      arn: `arn:aws:s3:::${bucket}`,
      bucket,
      key: path,
      ...owner,
      context: action.toLowerCase().startsWith('s3:listbucket') ? { 's3:prefix': path } : {},
    };
  }
  const key = path === '' || path.endsWith('/') ? `${path}${FOLDER_PROBE}` : path;
  return { service: 's3', arn: `arn:aws:s3:::${bucket}/${key}`, bucket, key, ...owner, context: {} };
}
