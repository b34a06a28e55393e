import { z } from 'zod';
import type { PublicAccessBlock } from '../model';
import { decodePolicyDocument } from './decode';
import type { Read } from './read';
import { issuesOf, readOk } from './read';
import { warning } from './warnings';

const ListBuckets = z.object({
  Buckets: z.array(z.object({ Name: z.string(), BucketRegion: z.string().optional() })),
  Owner: z.object({ ID: z.string().optional() }).optional(),
});

/** True for `aws s3api list-buckets` output. */
export function isListBuckets(json: unknown): boolean {
  return ListBuckets.safeParse(json).success;
}

/** `aws s3api list-buckets`: bucket names (and region when the newer API gives it). */
export function readListBuckets(json: unknown, file: string): Read<{ name: string; region?: string }[]> {
  const r = ListBuckets.safeParse(json);
  if (!r.success) return issuesOf(file, 'list-buckets', r.error);
  return readOk(
    r.data.Buckets.map((b) => (b.BucketRegion ? { name: b.Name, region: b.BucketRegion } : { name: b.Name })),
  );
}

const PolicyString = z.object({ Policy: z.string() });

/** `{"Policy":"<JSON>"}` as `get-bucket-policy` and `get-key-policy` print it; an undecodable document is left out. */
export function readPolicyString(json: unknown, file: string, what: string): Read<Record<string, unknown>> {
  const r = PolicyString.safeParse(json);
  if (!r.success) return issuesOf(file, what, r.error);
  const doc = decodePolicyDocument(r.data.Policy);
  if (!doc.ok)
    return { warnings: [warning(file, 'invalid-policy-document', `${file}: ${what}: ${doc.error.message}`)] };
  return readOk(doc.value);
}

const Pab = z.object({
  PublicAccessBlockConfiguration: z.object({
    BlockPublicAcls: z.boolean().default(false),
    IgnorePublicAcls: z.boolean().default(false),
    BlockPublicPolicy: z.boolean().default(false),
    RestrictPublicBuckets: z.boolean().default(false),
  }),
});

/** `aws s3api get-public-access-block`. */
export function readPublicAccessBlock(json: unknown, file: string): Read<PublicAccessBlock> {
  const r = Pab.safeParse(json);
  if (!r.success) return issuesOf(file, 'get-public-access-block', r.error);
  const c = r.data.PublicAccessBlockConfiguration;
  return readOk({
    blockPublicAcls: c.BlockPublicAcls,
    ignorePublicAcls: c.IgnorePublicAcls,
    blockPublicPolicy: c.BlockPublicPolicy,
    restrictPublicBuckets: c.RestrictPublicBuckets,
  });
}

const Location = z.object({ LocationConstraint: z.string().nullable().optional() });

/** `aws s3api get-bucket-location`: null or empty means us-east-1, the legacy `EU` means eu-west-1. */
export function readBucketLocation(json: unknown, file: string): Read<string> {
  const r = Location.safeParse(json);
  if (!r.success) return issuesOf(file, 'get-bucket-location', r.error);
  const c = r.data.LocationConstraint;
  return readOk(!c ? 'us-east-1' : c === 'EU' ? 'eu-west-1' : c);
}
