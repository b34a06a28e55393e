/** `POST /api/check`: one chain, five steps — from fields, or from a Doris / StarRocks statement. */
import { z } from 'zod';
import type { ChainCheck, ChainCheckRequest } from '../graph';
import { checkChain, parseEngineProperties } from '../graph';
import type { Result, Snapshot } from '../model';
import { err, ok } from '../model';

const Fields = z.object({
  source: z.string().min(1, 'choose the source: an instance role, user, role or EC2 instance').max(2048),
  targetRole: z
    .string()
    .max(2048)
    .regex(/^arn:aws[\w-]*:iam::\d{12}:role\/.+/, 'the target role is an IAM role ARN'),
  resource: z.string().min(1, 'give the resource, e.g. s3://bucket/path').max(2048),
  action: z
    .string()
    .regex(/^[a-z0-9-]+:[A-Za-z0-9*?]+$/, 'an action is service:Name, e.g. s3:GetObject')
    .default('s3:GetObject'),
  externalId: z.string().min(2).max(1224).optional(),
  durationSeconds: z.coerce
    .number()
    .int()
    .min(900, 'at least 900 seconds (15 minutes)')
    .max(43200, 'at most 43200 seconds (12 hours)')
    .optional(),
});

const FromSql = z.object({
  sql: z.string().min(1).max(100_000),
  source: z.string().min(1, 'the cluster’s instance role (or instance) is the source').max(2048),
  resource: z.string().max(2048).optional(),
  action: z.string().max(128).optional(),
});

export const CheckBody = z.union([Fields, FromSql]);
export type CheckBody = z.infer<typeof CheckBody>;

export interface CheckedChain {
  request: ChainCheckRequest;
  result: ChainCheck;
}

export interface CheckResponse {
  /** One chain from fields; from a statement, every chain it describes (StarRocks: the S3 side and the Glue side). */
  checks: CheckedChain[];
  fromSql?: { engine: string; properties: Record<string, string>; contradictions: string[]; notes: string[] };
}

export function runCheck(snapshot: Snapshot, body: CheckBody): Result<CheckResponse> {
  if ('sql' in body) {
    const parsed = parseEngineProperties(body.sql);
    if (!parsed.ok) return parsed;
    const p = parsed.value;
    const wanted = p.checks.length > 0 ? p.checks : [p.check];
    const checks: CheckedChain[] = [];
    const notes: string[] = [];
    for (const partial of wanted) {
      const isGlue =
        partial.resource?.startsWith('glue') === true ||
        partial.resource?.startsWith('arn:aws:glue') === true;
      const resource = (isGlue ? undefined : body.resource) ?? partial.resource;
      if (!partial.targetRole) {
        notes.push(
          'A chain in the statement names no role to assume, so the engine uses the instance role itself.',
        );
        continue;
      }
      if (!resource) {
        notes.push(`No bucket or path is named for ${partial.targetRole}; give the resource to check it.`);
        continue;
      }
      const request: ChainCheckRequest = {
        ...partial,
        source: body.source,
        targetRole: partial.targetRole,
        resource,
        action: body.action ?? partial.action ?? (isGlue ? 'glue:GetDatabase' : 's3:GetObject'),
      };
      checks.push({ request, result: checkChain(snapshot, request) });
    }
    if (checks.length === 0)
      return err(
        'bad_body',
        notes.join(' ') ||
          'The statement names no role to assume (s3.role_arn, aws.s3.iam_role_arn or aws.glue.iam_role_arn).',
      );
    return ok({
      checks,
      fromSql: { engine: p.engine, properties: p.properties, contradictions: p.contradictions, notes },
    });
  }
  const request: ChainCheckRequest = {
    source: body.source,
    targetRole: body.targetRole,
    resource: body.resource,
    action: body.action,
    ...(body.externalId !== undefined ? { externalId: body.externalId } : {}),
    ...(body.durationSeconds !== undefined ? { durationSeconds: body.durationSeconds } : {}),
  };
  return ok({ checks: [{ request, result: checkChain(snapshot, request) }] });
}
