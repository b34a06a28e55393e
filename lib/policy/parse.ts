/**
 * `readPolicy`: reads a policy document as AWS stores it (an object, a JSON string, or the URL-encoded
 * JSON the IAM API returns), normalises it (see `document.ts`) and validates it against the grammar in
 * the IAM User Guide ("IAM JSON policy element reference", "Grammar of the IAM JSON policy language").
 *
 * Never throws. Whatever is wrong becomes a `ValidationIssue` with a JSON path; a statement with an
 * error is marked `valid: false` and the evaluator never lets it allow anything.
 */
import { parseArn } from '../model';
import type { ConditionEntry, PolicyDocument, PolicyStatement, PrincipalBlock } from './document';
import { PRINCIPAL_TYPES } from './document';
import { parseCidr } from './ip';
import { parseOperator } from './operators';
import type { ValidationIssue } from './types';
import { parseDate } from './values';

export interface ParsedPolicy {
  document: PolicyDocument;
  issues: ValidationIssue[];
}

const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

/** `AROA…` (role), `AIDA…` (user) and the other IAM unique-id prefixes: what a deleted principal turns into. */
export const UNIQUE_ID = /^A(ROA|IDA|GPA|IPA|NPA|NVA|KIA|SIA|SCA|PKA|BIA|CCA)[A-Z0-9]{12,}$/;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Decodes an object, JSON text, or URL-encoded JSON text into a JSON value. */
export function decodeDocument(input: unknown): { value?: unknown; issue?: ValidationIssue } {
  if (typeof input !== 'string') return { value: input };
  const text = input.trim();
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    // IAM's API returns documents URL-encoded (RFC 3986); the CLI decodes them, raw API output does not.
  }
  if (text.includes('%')) {
    try {
      return { value: JSON.parse(decodeURIComponent(text)) as unknown };
    } catch {
      /* fall through to the error below */
    }
  }
  return {
    issue: { severity: 'error', path: '$', message: 'the policy is neither JSON nor URL-encoded JSON' },
  };
}

/**
 * Lenient reading (documents AWS stored, which AWS accepted): an entry of Action, NotAction, Resource,
 * NotResource or a principal list that is not well formed is what AWS makes of it at request time — a
 * pattern that matches nothing. Its issues (pushed from `mark` on) become warnings saying so, and the
 * entry is dropped while the rest of the statement still counts.
 */
function soften(issues: ValidationIssue[], mark: number): void {
  for (let i = mark; i < issues.length; i++) {
    const issue = issues[i] as ValidationIssue;
    if (issue.severity === 'error')
      issues[i] = {
        severity: 'warning',
        path: issue.path,
        message: `${issue.message}; it matches nothing (lenient reading of a stored policy: the rest of the statement still counts)`,
      };
  }
}

/** Keeps the entries `valid` accepts; in lenient reading drops the others with softened issues. */
function validEntries(
  list: string[],
  raw: unknown,
  path: string,
  issues: ValidationIssue[],
  lenient: boolean,
  valid: (entry: string, path: string, issues: ValidationIssue[]) => boolean,
): string[] | undefined {
  const kept: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const entry = list[i] as string;
    const mark = issues.length;
    if (valid(entry, Array.isArray(raw) ? `${path}[${i}]` : path, issues)) kept.push(entry);
    else if (lenient) soften(issues, mark);
  }
  return kept.length === list.length || lenient ? kept : undefined;
}

/** A string or a list of strings (AWS also writes single values as numbers or booleans in Conditions). */
function stringList(
  value: unknown,
  path: string,
  issues: ValidationIssue[],
  allowScalars: boolean,
): string[] | undefined {
  const items = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    if (typeof item === 'string') out.push(item);
    else if (allowScalars && (typeof item === 'number' || typeof item === 'boolean')) out.push(String(item));
    else {
      issues.push({
        severity: 'error',
        path: Array.isArray(value) ? `${path}[${i}]` : path,
        message: allowScalars
          ? 'expected a string, number or boolean'
          : 'expected a string or a list of strings',
      });
      return undefined;
    }
  }
  if (out.length === 0) {
    issues.push({ severity: 'error', path, message: 'an empty list matches nothing' });
    return undefined;
  }
  return out;
}

function validateAction(a: string, path: string, issues: ValidationIssue[]): boolean {
  if (a === '*' || /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_-]*$/.test(a)) return true;
  issues.push({
    severity: 'error',
    path,
    message: `'${a}' is not an action ("service:Action", wildcards allowed)`,
  });
  return false;
}

function validateResource(r: string, path: string, issues: ValidationIssue[]): boolean {
  if (r === '*' || r.startsWith('arn:')) {
    if (r !== '*' && r.split(':').length < 6) {
      issues.push({
        severity: 'error',
        path,
        message: `'${r}' is not an ARN: an ARN has six ':'-separated parts`,
      });
      return false;
    }
    return true;
  }
  issues.push({ severity: 'error', path, message: `'${r}' is neither "*" nor an ARN` });
  return false;
}

function validateAwsPrincipal(p: string, path: string, issues: ValidationIssue[]): boolean {
  if (p === '*' || /^\d{12}$/.test(p)) return true;
  if (UNIQUE_ID.test(p)) {
    issues.push({
      severity: 'warning',
      path,
      message: `'${p}' is a unique id: IAM shows one when the principal it named was deleted; it matches nobody`,
    });
    return true;
  }
  const arn = parseArn(p);
  if (!arn) {
    issues.push({ severity: 'error', path, message: `'${p}' is not an account id, an IAM ARN or "*"` });
    return false;
  }
  if (p.includes('*') || p.includes('?')) {
    issues.push({
      severity: 'error',
      path,
      message: `'${p}': wildcards are not allowed inside a principal ARN (use "*" with a Condition on aws:PrincipalArn)`,
    });
    return false;
  }
  const ok =
    (arn.service === 'iam' && /^(root|role\/.+|user\/.+)$/.test(arn.resource)) ||
    (arn.service === 'sts' && /^(assumed-role\/[^/]+\/.+|federated-user\/.+)$/.test(arn.resource));
  if (!ok)
    issues.push({
      severity: 'error',
      path,
      message: `'${p}' is not a principal ARN (root, role, user or session)`,
    });
  return ok;
}

function parsePrincipal(
  value: unknown,
  path: string,
  issues: ValidationIssue[],
  lenient: boolean,
): PrincipalBlock | undefined {
  const block: PrincipalBlock = { wildcard: false, AWS: [], Service: [], Federated: [], CanonicalUser: [] };
  if (value === '*') return { ...block, wildcard: true };
  if (!isRecord(value)) {
    issues.push({
      severity: 'error',
      path,
      message: 'expected "*" or an object with AWS, Service, Federated or CanonicalUser',
    });
    return undefined;
  }
  for (const [type, raw] of Object.entries(value)) {
    const p = `${path}.${type}`;
    if (!(PRINCIPAL_TYPES as readonly string[]).includes(type)) {
      issues.push({ severity: 'error', path: p, message: `unknown principal type '${type}'` });
      continue;
    }
    const list = stringList(raw, p, issues, false);
    if (!list) {
      continue;
    }
    const valid = (entry: string, ep: string, into: ValidationIssue[]): boolean => {
      if (type === 'AWS') return validateAwsPrincipal(entry, ep, into);
      if (entry !== '*' && (entry.includes('*') || entry.includes('?'))) {
        into.push({
          severity: 'error',
          path: ep,
          message: `'${entry}': wildcards are not allowed in a ${type} principal`,
        });
        return false;
      }
      if (entry === '*') {
        into.push({
          severity: 'error',
          path: ep,
          message: `"*" is only valid as "Principal": "*" or {"AWS": "*"}`,
        });
        return false;
      }
      return true;
    };
    // Strict: every entry is kept (the statement is invalid anyway, and listings can still show it).
    const kept = validEntries(list, raw, p, issues, lenient, valid) ?? list;
    block[type as keyof Omit<PrincipalBlock, 'wildcard'>].push(...kept);
  }
  // Kept even when invalid: the statement is marked invalid (it never allows), and listings can still show it.
  return block;
}

function validateConditionValue(
  family: string,
  base: string,
  v: string,
  path: string,
  issues: ValidationIssue[],
): boolean {
  const hasVariable = v.includes('${');
  let message: string | undefined;
  if (family === 'Numeric' && !hasVariable && (v.trim() === '' || !Number.isFinite(Number(v))))
    message = `'${v}' is not a number`;
  else if (family === 'Date' && !hasVariable && parseDate(v) === undefined)
    message = `'${v}' is not a date (ISO 8601 or epoch seconds)`;
  else if ((family === 'Bool' || base === 'Null') && !hasVariable && !/^(true|false)$/i.test(v))
    message = `'${v}' is not true or false`;
  else if (family === 'Ip' && !hasVariable && parseCidr(v) === undefined)
    message = `'${v}' is not an IP address or CIDR range`;
  if (message) issues.push({ severity: 'error', path, message });
  return message === undefined;
}

function parseConditions(
  value: unknown,
  path: string,
  issues: ValidationIssue[],
): ConditionEntry[] | undefined {
  if (!isRecord(value)) {
    issues.push({ severity: 'error', path, message: 'expected an object of operators' });
    return undefined;
  }
  const out: ConditionEntry[] = [];
  let ok = true;
  for (const [operator, block] of Object.entries(value)) {
    const op = parseOperator(operator);
    const opPath = `${path}.${operator}`;
    if (!op) {
      issues.push({ severity: 'error', path: opPath, message: `unknown condition operator '${operator}'` });
      ok = false;
      continue;
    }
    if (!isRecord(block)) {
      issues.push({ severity: 'error', path: opPath, message: 'expected an object of condition keys' });
      ok = false;
      continue;
    }
    for (const [key, raw] of Object.entries(block)) {
      const keyPath = `${opPath}["${key}"]`;
      if (key.trim() === '') {
        issues.push({ severity: 'error', path: keyPath, message: 'empty condition key' });
        ok = false;
        continue;
      }
      const values = stringList(raw, keyPath, issues, true);
      if (!values) {
        ok = false;
        continue;
      }
      values.forEach((v, i) => {
        ok =
          validateConditionValue(
            op.family,
            op.base,
            v,
            Array.isArray(raw) ? `${keyPath}[${i}]` : keyPath,
            issues,
          ) && ok;
      });
      out.push({ operator, key, values });
    }
  }
  return ok ? out : undefined;
}

function parseStatement(
  raw: unknown,
  index: number,
  path: string,
  issues: ValidationIssue[],
  lenient: boolean,
): PolicyStatement {
  const st: PolicyStatement = { index, conditions: [], valid: false };
  if (!isRecord(raw)) {
    issues.push({ severity: 'error', path, message: 'a statement must be an object' });
    return st;
  }
  const before = issues.filter((i) => i.severity === 'error').length;
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_KEYS.has(key))
      issues.push({ severity: 'error', path: `${path}.${key}`, message: `unknown element '${key}'` });
  }
  if (raw.Sid !== undefined) {
    if (typeof raw.Sid === 'string') st.sid = raw.Sid;
    else issues.push({ severity: 'error', path: `${path}.Sid`, message: 'Sid must be a string' });
  }
  if (raw.Effect === 'Allow' || raw.Effect === 'Deny') st.effect = raw.Effect;
  else
    issues.push({
      severity: 'error',
      path: `${path}.Effect`,
      message:
        raw.Effect === undefined
          ? 'Effect is missing'
          : `Effect must be "Allow" or "Deny" (case-sensitive), not ${JSON.stringify(raw.Effect)}`,
    });

  const pair = (a: string, b: string, required: boolean): void => {
    if (raw[a] !== undefined && raw[b] !== undefined)
      issues.push({
        severity: 'error',
        path: `${path}.${a}`,
        message: `a statement has ${a} or ${b}, not both`,
      });
    else if (required && raw[a] === undefined && raw[b] === undefined)
      issues.push({ severity: 'error', path, message: `the statement has neither ${a} nor ${b}` });
  };
  pair('Action', 'NotAction', true);
  pair('Resource', 'NotResource', false);
  pair('Principal', 'NotPrincipal', false);

  for (const el of ['Action', 'NotAction'] as const) {
    if (raw[el] === undefined) continue;
    const list = stringList(raw[el], `${path}.${el}`, issues, false);
    const kept = list && validEntries(list, raw[el], `${path}.${el}`, issues, lenient, validateAction);
    if (kept) st[el === 'Action' ? 'action' : 'notAction'] = kept;
  }
  for (const el of ['Resource', 'NotResource'] as const) {
    if (raw[el] === undefined) continue;
    const list = stringList(raw[el], `${path}.${el}`, issues, false);
    const kept = list && validEntries(list, raw[el], `${path}.${el}`, issues, lenient, validateResource);
    if (kept) st[el === 'Resource' ? 'resource' : 'notResource'] = kept;
  }
  if (raw.Principal !== undefined) {
    const p = parsePrincipal(raw.Principal, `${path}.Principal`, issues, lenient);
    if (p) st.principal = p;
  }
  if (raw.NotPrincipal !== undefined) {
    const p = parsePrincipal(raw.NotPrincipal, `${path}.NotPrincipal`, issues, lenient);
    if (p) st.notPrincipal = p;
    if (raw.Effect === 'Allow')
      issues.push({
        severity: 'warning',
        path: `${path}.NotPrincipal`,
        message:
          'NotPrincipal with Allow grants to everyone not listed, anonymous users included; AWS advises against it',
      });
  }
  if (raw.Condition !== undefined) {
    const c = parseConditions(raw.Condition, `${path}.Condition`, issues);
    if (c) st.conditions = c;
  }
  st.valid = issues.filter((i) => i.severity === 'error').length === before;
  return st;
}

/**
 * Reads, normalises and validates a policy document. Never throws. `lenient`: see `soften` (an entry
 * that matches nothing is dropped with a warning instead of making its statement invalid).
 */
export function readPolicy(input: unknown, lenient = false): ParsedPolicy {
  const issues: ValidationIssue[] = [];
  const document: PolicyDocument = { statements: [] };
  const decoded = decodeDocument(input);
  if (decoded.issue) return { document, issues: [decoded.issue] };
  const root = decoded.value;
  if (!isRecord(root)) {
    issues.push({ severity: 'error', path: '$', message: 'a policy document must be a JSON object' });
    return { document, issues };
  }
  for (const key of Object.keys(root)) {
    if (key !== 'Version' && key !== 'Id' && key !== 'Statement')
      issues.push({ severity: 'error', path: key, message: `unknown top-level element '${key}'` });
  }
  if (root.Version === undefined)
    issues.push({
      severity: 'warning',
      path: 'Version',
      message: 'no Version: IAM then uses 2008-10-17, under which policy variables are plain text',
    });
  else if (root.Version === '2012-10-17' || root.Version === '2008-10-17') document.version = root.Version;
  else
    issues.push({
      severity: 'error',
      path: 'Version',
      message: `Version must be "2012-10-17" or "2008-10-17", not ${JSON.stringify(root.Version)}`,
    });
  if (root.Id !== undefined) {
    if (typeof root.Id === 'string') document.id = root.Id;
    else issues.push({ severity: 'error', path: 'Id', message: 'Id must be a string' });
  }
  const raw = root.Statement;
  if (raw === undefined) {
    issues.push({ severity: 'error', path: 'Statement', message: 'the policy has no Statement' });
    return { document, issues };
  }
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0)
    issues.push({
      severity: 'warning',
      path: 'Statement',
      message: 'the Statement list is empty: the policy allows nothing',
    });
  const sids = new Set<string>();
  list.forEach((s, i) => {
    const path = Array.isArray(raw) ? `Statement[${i}]` : 'Statement';
    const st = parseStatement(s, i, path, issues, lenient);
    if (st.sid !== undefined && st.sid !== '') {
      if (sids.has(st.sid))
        issues.push({ severity: 'warning', path: `${path}.Sid`, message: `Sid '${st.sid}' is used twice` });
      sids.add(st.sid);
    }
    document.statements.push(st);
  });
  return { document, issues };
}
