/**
 * `parsePolicy`: the public, cached way to read a policy document. Accepts an object, a JSON string, or
 * URL-encoded JSON (as the IAM API returns it); returns the normalised document and every validation
 * issue with its JSON path. Pass the policy's kind (or a label with one) to also get the issues that
 * depend on where the policy is used (a Principal in an identity policy, a Resource in a trust policy).
 * `validation: 'lenient'` reads a document AWS stored as the engine does (see `ValidationMode`).
 */
import { compilePolicy } from './compile';
import type { PolicyDocument } from './document';
import type { PolicyKind, PolicyLabel, ValidationIssue, ValidationMode } from './types';
import { POLICY_KINDS } from './types';

export function parsePolicy(
  document: unknown,
  label?: PolicyLabel | PolicyKind,
  validation: ValidationMode = 'strict',
): { document: PolicyDocument; issues: ValidationIssue[] } {
  const compiled = compilePolicy(document, validation === 'lenient');
  const kind = typeof label === 'string' ? label : label?.kind;
  const issues =
    kind && (POLICY_KINDS as readonly string[]).includes(kind) ? compiled.issuesFor(kind) : compiled.issues;
  return { document: compiled.document, issues };
}
