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

/** Where entry `index` of a list read from `raw` is: `path[index]`, or `path` for a bare value. */
function entryPath(raw: unknown, path: string, index: number): string {
  return Array.isArray(raw) ? `${path}[${index}]` : path;
}

/** Counts the errors among the issues (no list made: called twice per statement). */
function errorCount(issues: readonly ValidationIssue[]): number {
  let n = 0;
  for (const i of issues) if (i.severity === 'error') n++;
  return n;
}

/** Checks one entry; pushes any issue at `entryPath(raw, path, index)`, made only then. */
type EntryCheck = (
  entry: string,
  raw: unknown,
  path: string,
  index: number,
  issues: ValidationIssue[],
) => boolean;

/**
 * Keeps the entries `valid` accepts; in lenient reading drops the others with softened issues. The list
 * itself when every entry is kept (the common case: no second list, and `list` is at its exact length).
 */
function validEntries(
  list: string[],
  raw: unknown,
  path: string,
  issues: ValidationIssue[],
  lenient: boolean,
  valid: EntryCheck,
): string[] | undefined {
  let kept: string[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const entry = list[i] as string;
    const mark = issues.length;
    if (valid(entry, raw, path, i, issues)) kept?.push(entry);
    else {
      kept ??= list.slice(0, i);
      if (lenient) soften(issues, mark);
    }
  }
  if (!kept) return list;
  // A list grown by `push` keeps room for 17 entries: the one kept is copied at its length.
  return lenient ? kept.slice() : undefined;
}

function allStrings(list: readonly unknown[]): boolean {
  for (const v of list) if (typeof v !== 'string') return false;
  return true;
}

/**
 * A string or a list of strings (AWS also writes single values as numbers or booleans in Conditions), as
 * a new list at its exact length.
 */
function stringList(
  value: unknown,
  path: string,
  issues: ValidationIssue[],
  allowScalars: boolean,
): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0 && allStrings(value)) return value.slice() as string[];
  const items: unknown[] = Array.isArray(value) ? value : [value];
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
  return out.slice();
}

function validateAction(
  a: string,
  raw: unknown,
  at: string,
  index: number,
  issues: ValidationIssue[],
): boolean {
  if (a === '*' || /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_-]*$/.test(a)) return true;
  issues.push({
    severity: 'error',
    path: entryPath(raw, at, index),
    message: `'${a}' is not an action ("service:Action", wildcards allowed)`,
  });
  return false;
}

/** The number of ':'-separated parts of a text, without splitting it. */
function arnParts(text: string): number {
  let n = 1;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) n++;
  return n;
}

function validateResource(
  r: string,
  raw: unknown,
  at: string,
  index: number,
  issues: ValidationIssue[],
): boolean {
  if (r === '*' || r.startsWith('arn:')) {
    if (r === '*' || arnParts(r) >= 6) return true;
    const path = entryPath(raw, at, index);
    issues.push({
      severity: 'error',
      path,
      message: `'${r}' is not an ARN: an ARN has six ':'-separated parts`,
    });
    return false;
  }
  issues.push({
    severity: 'error',
    path: entryPath(raw, at, index),
    message: `'${r}' is neither "*" nor an ARN`,
  });
  return false;
}

function validateAwsPrincipal(
  p: string,
  raw: unknown,
  at: string,
  index: number,
  issues: ValidationIssue[],
): boolean {
  if (p === '*' || /^\d{12}$/.test(p)) return true;
  if (UNIQUE_ID.test(p)) {
    issues.push({
      severity: 'warning',
      path: entryPath(raw, at, index),
      message: `'${p}' is a unique id: IAM shows one when the principal it named was deleted; it matches nobody`,
    });
    return true;
  }
  const arn = parseArn(p);
  if (!arn) {
    issues.push({
      severity: 'error',
      path: entryPath(raw, at, index),
      message: `'${p}' is not an account id, an IAM ARN or "*"`,
    });
    return false;
  }
  if (p.includes('*') || p.includes('?')) {
    issues.push({
      severity: 'error',
      path: entryPath(raw, at, index),
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
      path: entryPath(raw, at, index),
      message: `'${p}' is not a principal ARN (root, role, user or session)`,
    });
  return ok;
}

/** The check of a Service, Federated or CanonicalUser entry (one per type, made once). */
function otherPrincipalCheck(type: string): EntryCheck {
  return (entry, raw, at, index, issues) => {
    if (entry !== '*' && (entry.includes('*') || entry.includes('?'))) {
      issues.push({
        severity: 'error',
        path: entryPath(raw, at, index),
        message: `'${entry}': wildcards are not allowed in a ${type} principal`,
      });
      return false;
    }
    if (entry === '*') {
      issues.push({
        severity: 'error',
        path: entryPath(raw, at, index),
        message: `"*" is only valid as "Principal": "*" or {"AWS": "*"}`,
      });
      return false;
    }
    return true;
  };
}

const PRINCIPAL_CHECKS: Record<string, EntryCheck> = {
  AWS: validateAwsPrincipal,
  Service: otherPrincipalCheck('Service'),
  Federated: otherPrincipalCheck('Federated'),
  CanonicalUser: otherPrincipalCheck('CanonicalUser'),
};

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
    // Strict: every entry is kept (the statement is invalid anyway, and listings can still show it).
    const kept = validEntries(list, raw, p, issues, lenient, PRINCIPAL_CHECKS[type] as EntryCheck) ?? list;
    // Each type is written once in an object: its list is the one read, at its exact length.
    block[type as keyof Omit<PrincipalBlock, 'wildcard'>] = kept;
  }
  // Kept even when invalid: the statement is marked invalid (it never allows), and listings can still show it.
  return block;
}

function validateConditionValue(
  family: string,
  base: string,
  v: string,
  raw: unknown,
  at: string,
  index: number,
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
  if (message) issues.push({ severity: 'error', path: entryPath(raw, at, index), message });
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
      for (let i = 0; i < values.length; i++)
        ok = validateConditionValue(op.family, op.base, values[i] as string, raw, keyPath, i, issues) && ok;
      out.push({ operator, key, values });
    }
  }
  return ok ? out : undefined;
}

/** An element and its Not- form: not both, and (`required`) one of them. */
function pair(
  raw: Record<string, unknown>,
  path: string,
  issues: ValidationIssue[],
  a: string,
  b: string,
  required: boolean,
): void {
  if (raw[a] !== undefined && raw[b] !== undefined)
    issues.push({
      severity: 'error',
      path: `${path}.${a}`,
      message: `a statement has ${a} or ${b}, not both`,
    });
  else if (required && raw[a] === undefined && raw[b] === undefined)
    issues.push({ severity: 'error', path, message: `the statement has neither ${a} nor ${b}` });
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
  const before = errorCount(issues);
  for (const key in raw) {
    if (Object.hasOwn(raw, key) && !STATEMENT_KEYS.has(key))
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

  pair(raw, path, issues, 'Action', 'NotAction', true);
  pair(raw, path, issues, 'Resource', 'NotResource', false);
  pair(raw, path, issues, 'Principal', 'NotPrincipal', false);

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
  st.valid = errorCount(issues) === before;
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
