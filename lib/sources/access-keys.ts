/**
 * `aws iam list-access-keys` (`{"AccessKeyMetadata":[{UserName, AccessKeyId, Status, CreateDate}]}`): the
 * only IAM output that names a user's key ids (the credential report gives their dates, not their ids).
 * The chain checker maps a data platform's `access_key` setting to its user through these; an access key
 * id is an identifier, the secret is never in this output.
 */
import { z } from 'zod';
import type { Read } from './read';
import { issuesOf, readOk } from './read';

const AccessKeys = z.object({
  AccessKeyMetadata: z.array(
    z.object({
      UserName: z.string().min(1),
      AccessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/),
      Status: z.enum(['Active', 'Inactive', 'Expired']).optional(),
      CreateDate: z.string().optional(),
    }),
  ),
});

export interface ListedAccessKey {
  userName: string;
  id: string;
  status: 'Active' | 'Inactive';
  createdAt?: string;
}

export function readAccessKeys(json: unknown, file: string): Read<ListedAccessKey[]> {
  const r = AccessKeys.safeParse(json);
  if (!r.success) return issuesOf(file, 'list-access-keys', r.error);
  return readOk(
    r.data.AccessKeyMetadata.map((k) => {
      const created = k.CreateDate !== undefined ? new Date(k.CreateDate) : undefined;
      return {
        userName: k.UserName,
        id: k.AccessKeyId,
        status: k.Status === 'Active' ? 'Active' : 'Inactive',
        ...(created && !Number.isNaN(created.getTime()) ? { createdAt: created.toISOString() } : {}),
      };
    }),
  );
}
