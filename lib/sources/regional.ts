import { z } from 'zod';
import type { Ec2Instance } from '../model';
import { decodePolicyDocument, tagsToRecord } from './decode';
import type { Read } from './read';
import { issuesOf, readOk } from './read';
import { warning } from './warnings';

const GluePolicy = z.object({ PolicyInJson: z.string() });

/** `aws glue get-resource-policy`: the Data Catalog's resource policy. */
export function readGlueResourcePolicy(json: unknown, file: string): Read<Record<string, unknown>> {
  const r = GluePolicy.safeParse(json);
  if (!r.success) return issuesOf(file, 'glue get-resource-policy', r.error);
  const doc = decodePolicyDocument(r.data.PolicyInJson);
  if (!doc.ok)
    return {
      warnings: [
        warning(file, 'invalid-policy-document', `${file}: Glue resource policy: ${doc.error.message}`),
      ],
    };
  return readOk(doc.value);
}

const Instance = z.object({
  InstanceId: z.string(),
  State: z.object({ Name: z.string().optional() }).optional(),
  Tags: z.array(z.object({ Key: z.string(), Value: z.string().optional() })).default([]),
  IamInstanceProfile: z.object({ Arn: z.string().optional() }).optional(),
  PrivateIpAddress: z.string().optional(),
  Placement: z.object({ AvailabilityZone: z.string().optional() }).optional(),
});
const DescribeInstances = z.object({
  Reservations: z.array(
    z.object({ OwnerId: z.string().optional(), Instances: z.array(z.unknown()).default([]) }),
  ),
});

/**
 * `aws ec2 describe-instances`. The account is the reservation's `OwnerId` (else the folder's);
 * the region is the folder's (else the availability zone without its letter).
 */
export function readDescribeInstances(
  json: unknown,
  file: string,
  ctx: { account?: string; region?: string },
): Read<Ec2Instance[]> {
  const r = DescribeInstances.safeParse(json);
  if (!r.success) return issuesOf(file, 'describe-instances', r.error);
  const out: Ec2Instance[] = [];
  const warnings = [];
  for (const res of r.data.Reservations) {
    for (const raw of res.Instances) {
      const i = Instance.safeParse(raw);
      if (!i.success) {
        warnings.push(...issuesOf(file, 'describe-instances instance', i.error).warnings);
        continue;
      }
      const d = i.data;
      const az = d.Placement?.AvailabilityZone;
      const tags = tagsToRecord(d.Tags);
      const inst: Ec2Instance = {
        id: d.InstanceId,
        account: res.OwnerId ?? ctx.account ?? '',
        region: ctx.region ?? (az ? az.replace(/[a-z]$/, '') : ''),
        tags,
      };
      if (d.State?.Name) inst.state = d.State.Name;
      if (tags.Name !== undefined) inst.name = tags.Name;
      if (d.IamInstanceProfile?.Arn) inst.instanceProfileArn = d.IamInstanceProfile.Arn;
      if (d.PrivateIpAddress) inst.privateIp = d.PrivateIpAddress;
      out.push(inst);
    }
  }
  return readOk(out, warnings);
}
