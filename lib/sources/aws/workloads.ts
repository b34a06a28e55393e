/**
 * Workloads of one account, per region, read-only: EKS clusters (OIDC issuer), node groups (node
 * role) and Pod Identity associations (role); ECS task definitions of the active families (task
 * and execution roles); Lambda functions; Glue jobs and crawlers; EMR clusters that are running.
 * Each answer goes through the same reader as the AWS CLI's output file; each call that fails
 * leaves its part (source × account × region) partial or not read, never empty.
 */
import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  DescribePodIdentityAssociationCommand,
  ListClustersCommand,
  ListNodegroupsCommand,
  ListPodIdentityAssociationsCommand,
} from '@aws-sdk/client-eks';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListClustersCommand as EcsListClusters,
  ListServicesCommand,
  ListTaskDefinitionFamiliesCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeClusterCommand as EmrDescribeCluster,
  ListClustersCommand as EmrListClusters,
} from '@aws-sdk/client-emr';
import { GetCrawlersCommand, GetJobsCommand } from '@aws-sdk/client-glue';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import type { Workload } from '../../model';
import {
  readDescribeCluster,
  readDescribeNodegroup,
  readDescribePodIdentityAssociation,
} from '../workloads/eks';
import {
  readDescribeTaskDefinition,
  readEmrCluster,
  readGlueJobs,
  readListFunctions,
} from '../workloads/services';
import type { Read } from '../read';
import type { AccountContext } from './context';
import { jsonify, mapLimit, tryCall } from './context';
import { pages } from './pages';

/** A regional list call's pages (`pages.ts`), its failures recorded on that region's part. */
function regionalPages<T>(
  ctx: AccountContext,
  action: string,
  region: string,
  send: (token: string | undefined, abortSignal: AbortSignal) => Promise<T>,
  next: (page: T) => string | undefined,
): Promise<T[]> {
  return pages(ctx, action, `in ${region}`, send, next, { region });
}

function keep<T>(ctx: AccountContext, r: Read<T>): T | undefined {
  for (const w of r.warnings) ctx.warn(w);
  return r.value;
}

async function eksRegion(ctx: AccountContext, region: string): Promise<void> {
  const eks = ctx.clients('eks', region);
  const lists = await regionalPages(
    ctx,
    'eks:ListClusters',
    region,
    (nextToken, abortSignal) =>
      eks.send(new ListClustersCommand({ ...(nextToken ? { nextToken } : {}) }), { abortSignal }),
    (p) => p.nextToken,
  );
  const names = lists.flatMap((p) => p.clusters ?? []);
  const workloads: Workload[] = [];
  for (const name of names) {
    const c = await tryCall(
      ctx,
      'eks:DescribeCluster',
      `${name} in ${region}`,
      (abortSignal) => eks.send(new DescribeClusterCommand({ name }), { abortSignal }),
      { region },
    );
    if (c.ok) {
      const v = keep(
        ctx,
        readDescribeCluster(jsonify(c.value), `aws:${ctx.account}:eks:DescribeCluster:${region}:${name}`),
      );
      if (v) ctx.collector.addEksCluster(v);
    }
    const groups = await regionalPages(
      ctx,
      'eks:ListNodegroups',
      region,
      (nextToken, abortSignal) =>
        eks.send(new ListNodegroupsCommand({ clusterName: name, ...(nextToken ? { nextToken } : {}) }), {
          abortSignal,
        }),
      (p) => p.nextToken,
    );
    for (const nodegroupName of groups.flatMap((p) => p.nodegroups ?? [])) {
      const g = await tryCall(
        ctx,
        'eks:DescribeNodegroup',
        `${name}/${nodegroupName} in ${region}`,
        (abortSignal) =>
          eks.send(new DescribeNodegroupCommand({ clusterName: name, nodegroupName }), { abortSignal }),
        { region },
      );
      if (!g.ok) continue;
      const v = keep(
        ctx,
        readDescribeNodegroup(jsonify(g.value), `aws:${ctx.account}:eks:DescribeNodegroup:${region}`),
      );
      if (v) workloads.push(v);
    }
    const assoc = await regionalPages(
      ctx,
      'eks:ListPodIdentityAssociations',
      region,
      (nextToken, abortSignal) =>
        eks.send(
          new ListPodIdentityAssociationsCommand({ clusterName: name, ...(nextToken ? { nextToken } : {}) }),
          {
            abortSignal,
          },
        ),
      (p) => p.nextToken,
    );
    for (const a of assoc.flatMap((p) => p.associations ?? [])) {
      if (!a.associationId) continue;
      const associationId = a.associationId;
      const d = await tryCall(
        ctx,
        'eks:DescribePodIdentityAssociation',
        `${name} ${a.namespace ?? ''}/${a.serviceAccount ?? ''} in ${region}`,
        (abortSignal) =>
          eks.send(new DescribePodIdentityAssociationCommand({ clusterName: name, associationId }), {
            abortSignal,
          }),
        { region },
      );
      if (!d.ok) continue;
      const v = keep(
        ctx,
        readDescribePodIdentityAssociation(
          jsonify(d.value),
          `aws:${ctx.account}:eks:DescribePodIdentityAssociation:${region}`,
        ),
      );
      if (v) workloads.push(v);
    }
  }
  ctx.collector.addWorkloads(workloads);
}

async function ecsRegion(ctx: AccountContext, region: string): Promise<void> {
  const ecs = ctx.clients('ecs', region);
  const lists = await regionalPages(
    ctx,
    'ecs:ListTaskDefinitionFamilies',
    region,
    (nextToken, abortSignal) =>
      ecs.send(
        new ListTaskDefinitionFamiliesCommand({ status: 'ACTIVE', ...(nextToken ? { nextToken } : {}) }),
        { abortSignal },
      ),
    (p) => p.nextToken,
  );
  const out: Workload[] = [];
  const describe = async (taskDefinition: string): Promise<void> => {
    const d = await tryCall(
      ctx,
      'ecs:DescribeTaskDefinition',
      `${taskDefinition} in ${region}`,
      (abortSignal) => ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition }), { abortSignal }),
      { region },
    );
    if (!d.ok) return;
    const v = keep(
      ctx,
      readDescribeTaskDefinition(jsonify(d.value), `aws:${ctx.account}:ecs:DescribeTaskDefinition:${region}`),
    );
    if (v) out.push(v);
  };
  // A family names its latest ACTIVE revision: the one new tasks and services get.
  await mapLimit(
    lists.flatMap((p) => p.families ?? []),
    ctx.opts.concurrency,
    describe,
  );
  // Services keep running the revision they were deployed with (an older one, even a deregistered
  // one): each revision a service or a deployment in flight names is read too.
  const described = new Set(out.map((w) => w.id));
  const inUse = (await revisionsInUse(ctx, region)).filter((arn) => !described.has(arn));
  await mapLimit(inUse, ctx.opts.concurrency, describe);
  ctx.collector.addWorkloads(out);
}

/** DescribeServices takes at most ten services a call (Amazon ECS API Reference). */
const SERVICES_PER_CALL = 10;

/** The task definition revisions the services of every cluster run, or are being deployed with. */
async function revisionsInUse(ctx: AccountContext, region: string): Promise<string[]> {
  const ecs = ctx.clients('ecs', region);
  const clusters = (
    await regionalPages(
      ctx,
      'ecs:ListClusters',
      region,
      (nextToken, abortSignal) =>
        ecs.send(new EcsListClusters({ ...(nextToken ? { nextToken } : {}) }), { abortSignal }),
      (p) => p.nextToken,
    )
  ).flatMap((p) => p.clusterArns ?? []);
  const revisions = new Set<string>();
  for (const cluster of clusters) {
    const services = (
      await regionalPages(
        ctx,
        'ecs:ListServices',
        region,
        (nextToken, abortSignal) =>
          ecs.send(new ListServicesCommand({ cluster, ...(nextToken ? { nextToken } : {}) }), {
            abortSignal,
          }),
        (p) => p.nextToken,
      )
    ).flatMap((p) => p.serviceArns ?? []);
    for (let i = 0; i < services.length; i += SERVICES_PER_CALL) {
      const batch = services.slice(i, i + SERVICES_PER_CALL);
      const d = await tryCall(
        ctx,
        'ecs:DescribeServices',
        `${batch.length} service(s) of ${cluster} in ${region}`,
        (abortSignal) => ecs.send(new DescribeServicesCommand({ cluster, services: batch }), { abortSignal }),
        { region },
      );
      if (!d.ok) continue;
      for (const svc of d.value.services ?? []) {
        if (svc.taskDefinition) revisions.add(svc.taskDefinition);
        for (const dep of svc.deployments ?? []) if (dep.taskDefinition) revisions.add(dep.taskDefinition);
      }
    }
  }
  return [...revisions].sort();
}

async function lambdaRegion(ctx: AccountContext, region: string): Promise<void> {
  const lambda = ctx.clients('lambda', region);
  const lists = await regionalPages(
    ctx,
    'lambda:ListFunctions',
    region,
    (Marker, abortSignal) =>
      lambda.send(new ListFunctionsCommand({ ...(Marker ? { Marker } : {}) }), { abortSignal }),
    (p) => p.NextMarker,
  );
  const v = keep(
    ctx,
    readListFunctions(
      jsonify({ Functions: lists.flatMap((p) => p.Functions ?? []) }),
      `aws:${ctx.account}:lambda:ListFunctions:${region}`,
    ),
  );
  if (v) ctx.collector.addWorkloads(v);
}

async function glueRegion(ctx: AccountContext, region: string): Promise<void> {
  const glue = ctx.clients('glue', region);
  const where = { account: ctx.account, region };
  const jobs = await regionalPages(
    ctx,
    'glue:GetJobs',
    region,
    (NextToken, abortSignal) =>
      glue.send(new GetJobsCommand({ ...(NextToken ? { NextToken } : {}) }), { abortSignal }),
    (p) => p.NextToken,
  );
  const j = keep(
    ctx,
    readGlueJobs(
      jsonify({ Jobs: jobs.flatMap((p) => p.Jobs ?? []) }),
      `aws:${ctx.account}:glue:GetJobs:${region}`,
      where,
    ),
  );
  if (j) ctx.collector.addWorkloads(j);
  const crawlers = await regionalPages(
    ctx,
    'glue:GetCrawlers',
    region,
    (NextToken, abortSignal) =>
      glue.send(new GetCrawlersCommand({ ...(NextToken ? { NextToken } : {}) }), { abortSignal }),
    (p) => p.NextToken,
  );
  const c = keep(
    ctx,
    readGlueJobs(
      jsonify({ Crawlers: crawlers.flatMap((p) => p.Crawlers ?? []) }),
      `aws:${ctx.account}:glue:GetCrawlers:${region}`,
      where,
    ),
  );
  if (c) ctx.collector.addWorkloads(c);
}

/** Clusters that can run work: terminated clusters hold no credentials any more. */
const LIVE_EMR_STATES = ['STARTING', 'BOOTSTRAPPING', 'RUNNING', 'WAITING'] as const;

async function emrRegion(ctx: AccountContext, region: string): Promise<void> {
  const emr = ctx.clients('emr', region);
  const lists = await regionalPages(
    ctx,
    'elasticmapreduce:ListClusters',
    region,
    (Marker, abortSignal) =>
      emr.send(new EmrListClusters({ ClusterStates: [...LIVE_EMR_STATES], ...(Marker ? { Marker } : {}) }), {
        abortSignal,
      }),
    (p) => p.Marker,
  );
  const out: Workload[] = [];
  for (const c of lists.flatMap((p) => p.Clusters ?? [])) {
    if (!c.Id) continue;
    const ClusterId = c.Id;
    const d = await tryCall(
      ctx,
      'elasticmapreduce:DescribeCluster',
      `${ClusterId} in ${region}`,
      (abortSignal) => emr.send(new EmrDescribeCluster({ ClusterId }), { abortSignal }),
      { region },
    );
    if (!d.ok) continue;
    const v = keep(
      ctx,
      readEmrCluster(jsonify(d.value), `aws:${ctx.account}:elasticmapreduce:DescribeCluster:${region}`, {
        account: ctx.account,
        region,
      }),
    );
    if (v) out.push(v);
  }
  ctx.collector.addWorkloads(out);
}

/** Every workload source in every region; a region's failure is recorded and the rest goes on. */
export async function collectWorkloads(ctx: AccountContext, regions: readonly string[]): Promise<void> {
  let done = 0;
  await mapLimit(regions, ctx.opts.concurrency, async (region) => {
    await eksRegion(ctx, region);
    await ecsRegion(ctx, region);
    await lambdaRegion(ctx, region);
    await glueRegion(ctx, region);
    await emrRegion(ctx, region);
    done++;
    ctx.progress('ec2', `workloads (EKS, ECS, Lambda, Glue jobs, EMR) in ${region}`, {
      api: 'eks:ListClusters',
      done,
      total: regions.length,
    });
  });
}
