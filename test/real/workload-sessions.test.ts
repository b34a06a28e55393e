/**
 * Workload sessions in CloudTrail, attributed to the pod, function or task behind them. The records
 * are the IAM User Guide's AssumeRoleWithWebIdentity record (lib/sources/aws/fixtures, MIT-0) with the
 * provider and subject the EKS Best Practices Guide's IRSA example prints (`SubjectFromWebIdentityToken`
 * `system:serviceaccount:default:s3-read-only`, provider `oidc.eks.us-west-2.amazonaws.com/id/
 * D43CF17C27A865933144EA99A26FB128`; aws/aws-eks-best-practices, MIT-0), and the same record as
 * the AWS services that start workload sessions send it (userIdentity `AWSService`, `invokedBy` the
 * service; Lambda names the session after the function, EKS Pod Identity tags it — AWS Lambda
 * Developer Guide "Lambda execution role", EKS User Guide "Pod Identity session tags").
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { attribute } from '../../lib/audit/attribution';
import { normalizeRecord } from '../../lib/audit/normalize';
import type { AssumeEvent } from '../../lib/model';

const GUIDE = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '../../lib/sources/aws/fixtures/cloudtrail.awsdocs-sts-examples.json'),
    'utf8',
  ),
) as { Records: Record<string, unknown>[] };
const web = GUIDE.Records.find((r) => r.eventName === 'AssumeRoleWithWebIdentity')!;
const HOST = 'oidc.eks.us-west-2.amazonaws.com/id/D43CF17C27A865933144EA99A26FB128';
const PROVIDER = `arn:aws:iam::444455556666:oidc-provider/${HOST}`;
const CLUSTER = 'arn:aws:eks:us-west-2:444455556666:cluster/winterfell';

function event(record: Record<string, unknown>): AssumeEvent {
  const r = normalizeRecord(record);
  assert.ok(r?.ok, JSON.stringify(r));
  return r.value;
}

const irsa = (): Record<string, unknown> => {
  const r = structuredClone(web) as Record<string, Record<string, unknown>>;
  r.userIdentity = {
    type: 'WebIdentityUser',
    principalId: `${PROVIDER}:sts.amazonaws.com:system:serviceaccount:default:s3-read-only`,
    userName: 'system:serviceaccount:default:s3-read-only',
    identityProvider: PROVIDER,
  };
  r.responseElements = {
    ...r.responseElements,
    provider: PROVIDER,
    subjectFromWebIdentityToken: 'system:serviceaccount:default:s3-read-only',
    audience: 'sts.amazonaws.com',
  };
  return r;
};

test('IRSA: a web-identity session whose subject is a service account is that pod, of the cluster whose issuer it is', () => {
  const e = event(irsa());
  const known = attribute([e], {
    clustersByIssuer: new Map([[HOST, { arn: CLUSTER, name: 'winterfell' }]]),
  }).get(e.eventId);
  assert.deepEqual(known?.origin, {
    kind: 'eks-pod',
    id: `k8s:${CLUSTER}/default/s3-read-only`,
    label: 'EKS service account default/s3-read-only of cluster winterfell',
  });
  // Without the cluster in the snapshot, the pod is still named, by its issuer.
  const bare = attribute([e]).get(e.eventId);
  assert.equal(bare?.origin.kind, 'eks-pod');
  assert.equal(bare?.origin.id, `${HOST}/default/s3-read-only`);
  // The Google example stays a web-identity user.
  const google = event(web);
  assert.equal(attribute([google]).get(google.eventId)?.origin.kind, 'web-identity');
});

const serviceSession = (
  service: string,
  session: string,
  tags?: Record<string, string>,
): Record<string, unknown> => {
  const r = structuredClone(GUIDE.Records.find((x) => x.eventName === 'AssumeRole')!) as Record<
    string,
    Record<string, unknown>
  >;
  r.userIdentity = { type: 'AWSService', invokedBy: service };
  r.requestParameters = {
    ...r.requestParameters,
    roleSessionName: session,
    ...(tags ? { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) } : {}),
  };
  return r;
};

test('Lambda, ECS, Pod Identity: service sessions are the function, the task, the service account', () => {
  const lambda = event(serviceSession('lambda.amazonaws.com', 'glue-partition-repair'));
  const o = attribute([lambda]).get(lambda.eventId)?.origin;
  assert.equal(o?.kind, 'lambda-function');
  assert.match(o?.id ?? '', /:function:glue-partition-repair$/);
  const task = event(serviceSession('ecs-tasks.amazonaws.com', 'b8f2a6c47f5d4f0c9e1d3a2b6c7d8e9f'));
  assert.equal(
    attribute([task]).get(task.eventId)?.origin.label,
    'ECS task b8f2a6c47f5d4f0c9e1d3a2b6c7d8e9f',
  );
  const pod = event(
    serviceSession('pods.eks.amazonaws.com', 'eks-winterfell-app-3c1e', {
      'eks-cluster-arn': CLUSTER,
      'kubernetes-namespace': 'starrocks',
      'kubernetes-service-account': 'starrocks-cn',
    }),
  );
  assert.equal(attribute([pod]).get(pod.eventId)?.origin.id, `k8s:${CLUSTER}/starrocks/starrocks-cn`);
});
