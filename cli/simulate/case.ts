/**
 * One `rolechain simulate` input line, as zod defines it: the contract of the line format. The command
 * reads well-formed lines with `readCase` (read-case.ts), which accepts exactly what this schema accepts
 * and returns the same value, without zod's cost per line; a line it does not accept comes here, and
 * this schema decides (and says what is wrong).
 */
import { z } from 'zod';

/** A policy: `{document, name?, arn?, validation?}`, the document itself, or its (URL-encoded) JSON text. */
export const PolicyValue = z.union([z.string(), z.record(z.string(), z.unknown())]);

export const ContextValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string(), z.number(), z.boolean()])),
]);

export const OrgLevel = z.object({ orgIdentifier: z.string(), policies: z.array(PolicyValue) });

export const Case = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  request: z.object({
    principal: z.string(),
    action: z.string().min(1),
    resource: z.string(),
    resourceAccount: z.string().optional(),
    principalAccount: z.string().optional(),
    context: z.record(z.string(), ContextValue).optional(),
  }),
  identityPolicies: z.array(PolicyValue).optional(),
  resourcePolicy: PolicyValue.optional(),
  permissionBoundaries: z.array(PolicyValue).optional(),
  sessionPolicy: PolicyValue.optional(),
  serviceControlPolicies: z.array(OrgLevel).optional(),
  resourceControlPolicies: z.array(OrgLevel).optional(),
});

export type CaseValue = z.infer<typeof Case>;
export type PolicyValueOf = z.infer<typeof PolicyValue>;

/** The first thing wrong with a line that `Case` rejects, as `path: message`; or the case it accepts. */
export function checkCase(json: unknown): { ok: true; value: CaseValue } | { ok: false; message: string } {
  const parsed = Case.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, message: `${where}${issue?.message ?? 'not a case'}` };
}
