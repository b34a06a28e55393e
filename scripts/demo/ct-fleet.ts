/**
 * The EC2 fleet in CloudTrail: EC2 assuming the instance roles, the workloads hopping to the
 * data-lake roles from there, and the Auto Scaling launch of an instance without a profile.
 */
import { BUCKET_FINANCE, BUCKET_LAKEHOUSE, EXTERNAL_IDS, LAKE, PLATFORM, REGION } from './catalog';
import { INSTANCES } from './fleet';
import type { InstanceSpec } from './fleet';
import { instanceId, instanceIp } from './resources';
import type { Rng } from './rng';
import { DAY_MS, HOUR_MS, SNAPSHOT_MS, WINDOW_START_MS } from './time';
import { apiCall, sessionIdentity } from './trail';
import { assumeRole } from './assume-role';
import type { Caller, Failure, Session } from './trail';
import type { Scenario } from './ct-scenario';
import {
  MIN,
  SDK_JAVA,
  SDK_JAVA2,
  SSM_AGENT,
  NAT_IP,
  denied,
  CHAINED_DURATION,
  fromSession,
} from './ct-scenario';

/** What a workload does with its instance session: the cross-account hops and the calls after them. */
function workload(sc: Scenario, spec: InstanceSpec, s: Session, t: number, r: Rng): void {
  const caller: Caller = { kind: 'session', session: s };
  const hop = (
    account: string,
    name: string,
    extra: {
      externalId?: string;
      durationSeconds?: number | string;
      sessionName?: string;
      failure?: Failure;
      nullParameters?: 'both' | 'role-copy';
    },
  ) => {
    const role = sc.role(account, name);
    return assumeRole(sc.trail, {
      ms: t,
      region: REGION,
      caller,
      roleArn: role.arn,
      roleId: role.id,
      sessionName: extra.sessionName ?? `aws-sdk-java-${t}`,
      ...extra,
    });
  };
  switch (spec.cluster) {
    case 'doris': {
      const target = hop(LAKE, 'doris-s3-role', { externalId: EXTERNAL_IDS.doris, durationSeconds: 3600 });
      if (!target) return;
      const when = t + 2 * MIN + r.int(0, 59) * 1000;
      const write = spec.component === 'be' && r.chance(0.3);
      const key = `doris/${write ? 'export' : 'tablet'}/${10_000 + r.int(0, 8999)}/${r.int(0, 31)}_0.parquet`;
      sc.s3Object(
        when,
        sessionIdentity(target),
        fromSession(target),
        write ? 'PutObject' : 'GetObject',
        BUCKET_LAKEHOUSE,
        key,
      );
      if (r.chance(0.3)) sc.kmsDecrypt(when + 150, target);
      return;
    }
    case 'starrocks': {
      const s3 = hop(LAKE, 's3_assumed_role', {
        externalId: EXTERNAL_IDS.starrocks,
        durationSeconds: '3600',
      });
      const glue = hop(LAKE, 'glue_assumed_role', {
        externalId: EXTERNAL_IDS.starrocks,
        durationSeconds: '3600',
      });
      if (glue) {
        const db = r.pick(['sales', 'marketing', 'ops']);
        const table = r.pick(['orders', 'events', 'customers', 'sessions']);
        sc.call(t + MIN, LAKE, REGION, sessionIdentity(glue), fromSession(glue), 'glue', 'GetTable', {
          databaseName: db,
          name: table,
        });
        if (r.chance(0.3)) {
          sc.call(
            t + MIN + 900,
            LAKE,
            REGION,
            sessionIdentity(glue),
            fromSession(glue),
            'glue',
            'GetPartitions',
            {
              databaseName: db,
              tableName: table,
              maxResults: 1000,
            },
          );
        }
      }
      if (s3)
        sc.s3Object(
          t + 2 * MIN,
          sessionIdentity(s3),
          fromSession(s3),
          'GetObject',
          BUCKET_LAKEHOUSE,
          `starrocks/warehouse/part-${r.int(0, 9999)}.parquet`,
        );
      return;
    }
    case 'airflow': {
      const target = hop(LAKE, 'airflow-s3-role', {
        externalId: EXTERNAL_IDS.airflow,
        sessionName: 'airflow-finance-sync',
      });
      if (!target) return;
      // The bucket policy denies the role: every read fails.
      sc.s3Object(
        t + 30_000,
        sessionIdentity(target),
        fromSession(target),
        'GetObject',
        BUCKET_FINANCE,
        `monthly/2026-${String(10 + r.int(0, 1))}/pnl.csv`,
        {
          errorCode: 'AccessDenied',
          errorMessage: 'Access Denied',
        },
      );
      return;
    }
    case 'trino': {
      const role = sc.role(LAKE, 'trino-s3-role');
      hop(LAKE, 'trino-s3-role', {
        externalId: EXTERNAL_IDS.trinoConfigured,
        sessionName: 'trino-session',
        failure: denied(s.arn, role.arn),
        ...(r.chance(0.5) ? { nullParameters: 'role-copy' as const } : {}),
      });
      return;
    }
    case 'spark': {
      const role = sc.role(LAKE, 'spark-etl-s3-role');
      hop(LAKE, 'spark-etl-s3-role', {
        sessionName: 'spark-etl',
        failure: denied(s.arn, role.arn),
        ...(r.chance(0.3) ? { nullParameters: 'both' as const } : {}),
      });
      return;
    }
    case 'flink': {
      const role = sc.role(LAKE, 'flink-checkpoint-role');
      hop(LAKE, 'flink-checkpoint-role', {
        externalId: EXTERNAL_IDS.flink,
        sessionName: 'flink-checkpoints',
        failure: denied(s.arn, role.arn),
      });
      return;
    }
    default:
      return;
  }
}

/** EC2 instances: EC2 assumes each instance role twice a day; the workloads hop from there. */
export function fleet(sc: Scenario): void {
  INSTANCES.forEach((spec, index) => {
    if (spec.role === undefined) return; // no profile, or a role EC2 cannot assume
    const r = sc.rng(spec.name);
    const role = sc.role(PLATFORM, spec.role);
    const id = instanceId(sc.ids, spec);
    const launched = SNAPSHOT_MS - spec.launchedDaysAgo * DAY_MS;
    const phase = r.int(0, 11 * 3600) * 1000;
    for (let t = WINDOW_START_MS + phase; t < SNAPSHOT_MS; t += 12 * HOUR_MS) {
      if (t < launched) continue;
      const session = assumeRole(sc.trail, {
        ms: t,
        region: REGION,
        caller: { kind: 'service', service: 'ec2.amazonaws.com' },
        roleArn: role.arn,
        roleId: role.id,
        sessionName: id,
      });
      if (!session) continue;
      session.sourceIp = instanceIp(index);
      session.userAgent = spec.cluster === 'starrocks' || spec.cluster === 'trino' ? SDK_JAVA2 : SDK_JAVA;
      const ssm = { ...session, userAgent: SSM_AGENT };
      if (r.chance(0.5))
        sc.call(
          t + r.int(1, 4) * MIN,
          PLATFORM,
          REGION,
          sessionIdentity(session),
          fromSession(ssm),
          'ssm',
          'UpdateInstanceInformation',
          {
            instanceId: id,
            agentVersion: '3.3.1611.0',
            agentStatus: 'Active',
            platformType: 'Linux',
          },
          false,
        );
      if (spec.cluster === 'doris' && spec.component === 'fe') {
        sc.call(
          t + 6 * MIN,
          PLATFORM,
          REGION,
          sessionIdentity(session),
          { ip: instanceIp(index), ua: SDK_JAVA },
          'ec2',
          'DescribeInstances',
          {
            instancesSet: {},
            filterSet: { items: [{ name: 'tag:Cluster', valueSet: { items: [{ value: 'doris' }] } }] },
          },
        );
      }
      // Two hops per credential period (the SDKs refresh their role credentials before expiry).
      const broken = ['trino', 'spark', 'flink'].includes(spec.cluster);
      for (const offset of broken ? [5 * MIN] : [5 * MIN, 6 * HOUR_MS + 5 * MIN]) {
        const when = t + offset + r.int(0, 240) * 1000;
        if (sc.inWindow(when)) workload(sc, spec, { ...session, sourceIp: NAT_IP }, when, r);
      }
      // The nightly export asks for two hours through a role chain, and retries once with the same value.
      if (spec.cluster === 'batch') {
        let night = Math.floor(t / DAY_MS) * DAY_MS + 2 * HOUR_MS + r.int(0, 20) * MIN;
        if (night < t) night += DAY_MS;
        if (night < t + 12 * HOUR_MS && sc.inWindow(night)) {
          const target = sc.role(LAKE, 'export-s3-role');
          for (const [i, duration] of ([7200, '7200'] as const).entries()) {
            assumeRole(sc.trail, {
              ms: night + i * 90_000,
              region: REGION,
              caller: { kind: 'session', session: { ...session, sourceIp: NAT_IP } },
              roleArn: target.arn,
              roleId: target.id,
              sessionName: 'nightly-export',
              externalId: EXTERNAL_IDS.export,
              durationSeconds: duration,
              failure: CHAINED_DURATION,
            });
          }
        }
      }
    }
  });
}

/** The Auto Scaling launch of doris-be-04, without an instance profile. */
export function scaleOut(sc: Scenario): void {
  const spec = INSTANCES.find((i) => i.name === 'doris-be-04');
  if (!spec) return;
  const t = SNAPSHOT_MS - spec.launchedDaysAgo * DAY_MS - 6 * HOUR_MS + 12 * MIN;
  const slr = sc.role(PLATFORM, 'aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling');
  const arn = `arn:aws:iam::${PLATFORM}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
  const identity = {
    type: 'AssumedRole',
    principalId: `${slr.id}:AutoScaling`,
    arn: `arn:aws:sts::${PLATFORM}:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling`,
    accountId: PLATFORM,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: slr.id,
        arn,
        accountId: PLATFORM,
        userName: 'AWSServiceRoleForAutoScaling',
      },
      attributes: {
        creationDate: new Date(t - MIN).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        mfaAuthenticated: 'false',
      },
    },
    invokedBy: 'autoscaling.amazonaws.com',
  };
  apiCall(sc.trail, {
    ms: t,
    account: PLATFORM,
    region: REGION,
    identity,
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    sourceIp: 'autoscaling.amazonaws.com',
    userAgent: 'autoscaling.amazonaws.com',
    requestParameters: {
      instancesSet: { items: [{ minCount: 1, maxCount: 1 }] },
      instanceType: spec.instanceType,
      launchTemplate: { launchTemplateId: `lt-0${sc.ids.hex('lt', 'doris-be', 16)}`, version: '7' },
      tagSpecificationSet: {
        items: [
          {
            resourceType: 'instance',
            tags: [
              { key: 'Name', value: spec.name },
              { key: 'Cluster', value: 'doris' },
            ],
          },
        ],
      },
    },
    responseElements: {
      instancesSet: {
        items: [
          {
            instanceId: instanceId(sc.ids, spec),
            instanceType: spec.instanceType,
            instanceState: { code: 0, name: 'pending' },
          },
        ],
      },
      ownerId: PLATFORM,
    },
    readOnly: false,
  });
}
