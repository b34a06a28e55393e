/** The EC2 fleet of the data-platform account: which instance carries which profile. */
import type { DemoCase } from './catalog';

export interface InstanceSpec {
  name: string;
  cluster: string;
  component: string;
  /** Instance profile name, or undefined for an instance launched without one. */
  profile?: string;
  /** The role the profile holds (for CloudTrail): undefined when EC2 cannot assume it. */
  role?: string;
  instanceType: string;
  az: string;
  /** Days before the snapshot the instance was launched. */
  launchedDaysAgo: number;
  demoCase: DemoCase;
}

const fleet = (
  cluster: string,
  component: string,
  count: number,
  profile: string | undefined,
  role: string | undefined,
  instanceType: string,
  demoCase: DemoCase,
  launchedDaysAgo = 120,
): InstanceSpec[] =>
  Array.from({ length: count }, (_, i) => ({
    name: `${cluster}-${component}-${String(i + 1).padStart(2, '0')}`,
    cluster,
    component,
    ...(profile === undefined ? {} : { profile }),
    ...(role === undefined ? {} : { role }),
    instanceType,
    az: ['us-west-2a', 'us-west-2b', 'us-west-2c'][i % 3]!,
    launchedDaysAgo: launchedDaysAgo + i,
    demoCase,
  }));

export const INSTANCES: readonly InstanceSpec[] = [
  ...fleet(
    'doris',
    'fe',
    3,
    'doris-fe-instance-profile',
    'doris-fe-instance-role',
    'r6i.2xlarge',
    'working-doris',
  ),
  ...fleet(
    'doris',
    'be',
    3,
    'doris-be-instance-profile',
    'doris-be-instance-role',
    'r6id.4xlarge',
    'working-doris',
  ),
  // Scaled out two days ago from a launch template that lost its IamInstanceProfile.
  {
    name: 'doris-be-04',
    cluster: 'doris',
    component: 'be',
    instanceType: 'r6id.4xlarge',
    az: 'us-west-2a',
    launchedDaysAgo: 2,
    demoCase: 'broken-instance-without-profile',
  },
  ...fleet(
    'starrocks',
    'fe',
    1,
    'starrocks-instance-profile',
    'starrocks-instance-role',
    'r6i.2xlarge',
    'working-starrocks',
    90,
  ),
  ...fleet(
    'starrocks',
    'cn',
    2,
    'starrocks-instance-profile',
    'starrocks-instance-role',
    'r6id.4xlarge',
    'working-starrocks',
    90,
  ),
  ...fleet(
    'spark',
    'etl',
    2,
    'spark-etl-instance-profile',
    'spark-etl-instance-role',
    'm6i.4xlarge',
    'broken-missing-trust',
    60,
  ),
  ...fleet(
    'flink',
    'tm',
    2,
    'flink-instance-profile',
    'flink-instance-role',
    'm6i.2xlarge',
    'broken-missing-permission',
    45,
  ),
  ...fleet(
    'trino',
    'worker',
    2,
    'trino-instance-profile',
    'trino-instance-role',
    'r6i.4xlarge',
    'broken-external-id-mismatch',
    40,
  ),
  ...fleet(
    'airflow',
    'scheduler',
    1,
    'airflow-instance-profile',
    'airflow-instance-role',
    'm6i.large',
    'broken-bucket-policy-deny',
    200,
  ),
  ...fleet(
    'batch',
    'export',
    1,
    'batch-export-instance-profile',
    'batch-export-instance-role',
    'm6i.xlarge',
    'broken-chained-duration',
    75,
  ),
  // The profile is bound, but the role's trust names ecs-tasks.amazonaws.com: EC2 can never assume it.
  ...fleet(
    'kafka',
    'connect',
    1,
    'kafka-connect-instance-profile',
    undefined,
    'm6i.xlarge',
    'broken-instance-trust-no-ec2',
    20,
  ),
];
