/**
 * Readers of the AWS CLI's output for the other workloads that run as a role: ECS task definitions
 * (task role and, kept apart, execution role), Lambda functions, Glue jobs and crawlers, EMR clusters.
 */
import { z } from 'zod';
import type { Workload } from '../../model';
import { parseArn, roleArnOf } from '../../model';
import type { Read } from '../read';
import { issuesOf, readOk } from '../read';
import { warning } from '../warnings';

/** Where a file sits, for formats whose records carry no ARN (Glue, EMR). */
export interface ServiceContext {
  account?: string;
  region?: string;
}

const TaskDefinition = z.object({
  taskDefinition: z.object({
    taskDefinitionArn: z.string(),
    family: z.string(),
    revision: z.number().optional(),
    taskRoleArn: z.string().optional(),
    executionRoleArn: z.string().optional(),
  }),
});

/**
 * `aws ecs describe-task-definition` (and `register-task-definition`, same shape). The task role is
 * what the containers' code gets; the execution role is what the ECS agent uses to pull images and
 * write logs — a role of the task, never its identity for data.
 */
export function readDescribeTaskDefinition(json: unknown, file: string): Read<Workload> {
  const r = TaskDefinition.safeParse(json);
  if (!r.success) return issuesOf(file, 'ecs describe-task-definition', r.error);
  const t = r.data.taskDefinition;
  const arn = parseArn(t.taskDefinitionArn);
  if (!arn) return { warnings: [warning(file, 'invalid-field', `${file}: taskDefinitionArn is not an ARN`)] };
  const roles: Workload['roles'] = [];
  if (t.taskRoleArn) roles.push({ use: 'task', arn: roleArnOf(arn.account, t.taskRoleArn) });
  if (t.executionRoleArn) roles.push({ use: 'execution', arn: roleArnOf(arn.account, t.executionRoleArn) });
  return readOk({
    kind: 'ecs-task',
    id: t.taskDefinitionArn,
    name: t.revision !== undefined ? `${t.family}:${t.revision}` : t.family,
    account: arn.account,
    region: arn.region,
    source: 'ecs',
    roles,
  });
}

const LambdaFunctions = z.object({
  Functions: z.array(z.object({ FunctionName: z.string(), FunctionArn: z.string(), Role: z.string() })),
});

/** `aws lambda list-functions`: each function and its execution role. */
export function readListFunctions(json: unknown, file: string): Read<Workload[]> {
  const r = LambdaFunctions.safeParse(json);
  if (!r.success) return issuesOf(file, 'lambda list-functions', r.error);
  const out: Workload[] = [];
  const warnings = [];
  for (const f of r.data.Functions) {
    const arn = parseArn(f.FunctionArn);
    if (!arn) {
      warnings.push(warning(file, 'invalid-field', `${file}: ${f.FunctionName}: FunctionArn is not an ARN`));
      continue;
    }
    out.push({
      kind: 'lambda-function',
      id: f.FunctionArn,
      name: f.FunctionName,
      account: arn.account,
      region: arn.region,
      source: 'lambda',
      roles: [{ use: 'function', arn: f.Role }],
    });
  }
  return readOk(out, warnings);
}

const GlueJob = z.object({ Name: z.string(), Role: z.string().optional() });
const GlueJobs = z.object({ Jobs: z.array(GlueJob) });
const GlueOneJob = z.object({ Job: GlueJob });
const GlueCrawlers = z.object({ Crawlers: z.array(GlueJob) });

const needPlace = (file: string, what: string): Read<never> => ({
  warnings: [
    warning(
      file,
      'missing-context',
      `${file}: ${what} name no account or region; put the file under accounts/<id>/glue/<region>/`,
    ),
  ],
});

/**
 * `aws glue get-jobs`, `get-job` or `get-crawlers`. Glue gives a role by name or ARN and its
 * records carry no ARN, so the account and region are the file's place in the layout.
 */
export function readGlueJobs(json: unknown, file: string, ctx: ServiceContext): Read<Workload[]> {
  const crawlers = GlueCrawlers.safeParse(json);
  const jobs = crawlers.success ? undefined : GlueJobs.safeParse(json);
  const one = crawlers.success || jobs?.success ? undefined : GlueOneJob.safeParse(json);
  if (!crawlers.success && !jobs?.success && !one?.success)
    return issuesOf(file, 'glue get-jobs / get-crawlers', (one ?? jobs ?? crawlers).error);
  const { account, region } = ctx;
  if (!account || !region) return needPlace(file, 'Glue jobs and crawlers');
  const list = crawlers.success
    ? crawlers.data.Crawlers.map((c) => ({ ...c, crawler: true }))
    : (jobs?.success ? jobs.data.Jobs : one?.success ? [one.data.Job] : []).map((j) => ({
        ...j,
        crawler: false,
      }));
  return readOk(
    list.map((j) => ({
      kind: j.crawler ? ('glue-crawler' as const) : ('glue-job' as const),
      id: `arn:aws:glue:${region}:${account}:${j.crawler ? 'crawler' : 'job'}/${j.Name}`,
      name: j.Name,
      account,
      region,
      source: 'glue-jobs' as const,
      roles: j.Role
        ? [{ use: j.crawler ? ('crawler' as const) : ('job' as const), arn: roleArnOf(account, j.Role) }]
        : [],
    })),
  );
}

export const isGlueJobs = (json: Record<string, unknown>): boolean =>
  Array.isArray(json.Jobs) ||
  Array.isArray(json.Crawlers) ||
  (typeof json.Job === 'object' && json.Job !== null);

const EmrCluster = z.object({
  Cluster: z.object({
    Id: z.string(),
    Name: z.string(),
    ClusterArn: z.string().optional(),
    ServiceRole: z.string().optional(),
    Ec2InstanceAttributes: z.object({ IamInstanceProfile: z.string().optional() }).optional(),
  }),
});

/**
 * `aws emr describe-cluster`: the EC2 instance profile its nodes run as (the identity of the jobs'
 * code, EMRFS included) and the service role EMR provisions with. Older outputs carry no
 * `ClusterArn`: the account and region are then the file's place in the layout.
 */
export function readEmrCluster(json: unknown, file: string, ctx: ServiceContext): Read<Workload> {
  const r = EmrCluster.safeParse(json);
  if (!r.success) return issuesOf(file, 'emr describe-cluster', r.error);
  const c = r.data.Cluster;
  const arn = c.ClusterArn ? parseArn(c.ClusterArn) : undefined;
  const account = arn?.account ?? ctx.account;
  const region = arn?.region ?? ctx.region;
  if (!account || !region) return needPlace(file, 'EMR describe-cluster');
  const roles: Workload['roles'] = [];
  const profile = c.Ec2InstanceAttributes?.IamInstanceProfile;
  if (profile)
    roles.push({
      use: 'instance-profile',
      arn: profile.startsWith('arn:') ? profile : `arn:aws:iam::${account}:instance-profile/${profile}`,
    });
  if (c.ServiceRole) roles.push({ use: 'service', arn: roleArnOf(account, c.ServiceRole) });
  return readOk({
    kind: 'emr-cluster',
    id: c.ClusterArn ?? `arn:aws:elasticmapreduce:${region}:${account}:cluster/${c.Id}`,
    name: c.Name,
    account,
    region,
    source: 'emr',
    roles,
  });
}
