/**
 * KMS and S3 default encryption, as the AWS CLI prints them: which key encrypts a bucket, which keys
 * an account has in a region, and the names (aliases) people use for them.
 */
import { z } from 'zod';
import type { BucketEncryption } from '../model';
import type { Read } from './read';
import { issuesOf, readOk } from './read';

const Encryption = z.object({
  ServerSideEncryptionConfiguration: z.object({
    Rules: z.array(
      z.object({
        ApplyServerSideEncryptionByDefault: z
          .object({ SSEAlgorithm: z.string(), KMSMasterKeyID: z.string().optional() })
          .optional(),
        BucketKeyEnabled: z.boolean().optional(),
      }),
    ),
  }),
});

/**
 * `aws s3api get-bucket-encryption`. S3 allows one rule; the first with a default is taken. A
 * configuration without any default rule means no default encryption.
 */
export function readBucketEncryption(json: unknown, file: string): Read<BucketEncryption> {
  const r = Encryption.safeParse(json);
  if (!r.success) return issuesOf(file, 'get-bucket-encryption', r.error);
  const rule = r.data.ServerSideEncryptionConfiguration.Rules.find(
    (x) => x.ApplyServerSideEncryptionByDefault,
  );
  const d = rule?.ApplyServerSideEncryptionByDefault;
  if (!d) return readOk({ algorithm: 'none' });
  return readOk({
    algorithm: d.SSEAlgorithm,
    ...(d.KMSMasterKeyID ? { kmsKeyId: d.KMSMasterKeyID } : {}),
    ...(rule.BucketKeyEnabled !== undefined ? { bucketKeyEnabled: rule.BucketKeyEnabled } : {}),
  });
}

const ListKeys = z.object({
  Keys: z.array(z.object({ KeyId: z.string(), KeyArn: z.string().optional() })),
});

export interface ListedKey {
  id: string;
  arn?: string;
}

/** True for `aws kms list-keys` output. */
export const isListKeys = (json: unknown): boolean => ListKeys.safeParse(json).success;

/** `aws kms list-keys`: every key of the account in one region (AWS managed keys included). */
export function readListKeys(json: unknown, file: string): Read<ListedKey[]> {
  const r = ListKeys.safeParse(json);
  if (!r.success) return issuesOf(file, 'list-keys', r.error);
  return readOk(r.data.Keys.map((k) => (k.KeyArn ? { id: k.KeyId, arn: k.KeyArn } : { id: k.KeyId })));
}

const ListAliases = z.object({
  Aliases: z.array(
    z.object({ AliasName: z.string(), AliasArn: z.string().optional(), TargetKeyId: z.string().optional() }),
  ),
});

export interface ListedAlias {
  name: string;
  arn?: string;
  /** Absent for an alias AWS reserved but has not yet bound to a key (`alias/aws/…` before first use). */
  targetKeyId?: string;
}

/** True for `aws kms list-aliases` output. */
export const isListAliases = (json: unknown): boolean => ListAliases.safeParse(json).success;

/** `aws kms list-aliases`. */
export function readListAliases(json: unknown, file: string): Read<ListedAlias[]> {
  const r = ListAliases.safeParse(json);
  if (!r.success) return issuesOf(file, 'list-aliases', r.error);
  return readOk(
    r.data.Aliases.map((a) => ({
      name: a.AliasName,
      ...(a.AliasArn ? { arn: a.AliasArn } : {}),
      ...(a.TargetKeyId ? { targetKeyId: a.TargetKeyId } : {}),
    })),
  );
}
