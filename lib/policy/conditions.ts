/**
 * Evaluation of one Condition entry (IAM User Guide, "Condition operators", "Condition with multiple
 * context keys or values", "Single-valued vs. multivalued context keys"):
 *
 * - several values for one key are OR-ed; for a negated operator (`StringNotEquals`, `NotIpAddress`, …)
 *   the condition holds only when the request's value matches none of them;
 * - a key absent from the request makes the condition false, except: negated operators (true),
 *   `…IfExists` (true), `Null` (which tests exactly that), `ForAllValues:` (true: every value of an empty
 *   set matches) — while `ForAnyValue:` is false;
 * - `ForAnyValue:` holds when at least one request value matches; `ForAllValues:` when every request value
 *   matches (with a negated operator: none matches / some value matches none);
 * - keys are case-insensitive, values case-sensitive except in the `…IgnoreCase` operators and `Bool`.
 *
 * In open-context mode a key that nobody gave is unknown, and so is the condition: `evaluateCondition`
 * then answers `unknown` and the evaluator reports it as an open condition.
 */
import type { ConditionEntry } from './document';
import { compileGlob, globMatch, unescapeLiterals } from './glob';
import type { Cidr } from './ip';
import { cidrContains, parseCidr } from './ip';
import { arnPartsMatch, splitArn } from './match';
import type { ParsedOperator } from './operators';
import { parseOperator } from './operators';
import { parseDate, parseNumber } from './values';
import type { Lookup } from './variables';
import { hasVariables, substitute, UNKNOWN } from './variables';
import { TextMemo } from './text-memo';

export const TRI = ['false', 'true', 'unknown'] as const;
export type Tri = (typeof TRI)[number];

/** Tests one request value against one policy value, with the positive form of the operator. */
type ValueTest = (requestValue: string) => boolean;

export interface CompiledCondition {
  entry: ConditionEntry;
  op: ParsedOperator;
  keyLc: string;
  /** Value tests built once for values without variables; undefined where a value has variables. */
  tests: (ValueTest | undefined)[];
  dynamic: boolean;
  /** `describeCondition(entry)`, computed once when first needed. */
  text: string | undefined;
  /** The text of its open condition ("allowed if …" or "allowed unless …"), made once when first needed. */
  openText: string | undefined;
}

/** Plain English for a compiled condition, cached on it. */
export function conditionText(c: CompiledCondition): string {
  return (c.text ??= describeCondition(c.entry));
}

function positiveTest(op: ParsedOperator, policyValue: string): ValueTest {
  const pv = policyValue;
  switch (op.base) {
    case 'StringEquals':
    case 'StringNotEquals': {
      const literal = unescapeLiterals(pv);
      return (v) => v === literal;
    }
    case 'StringEqualsIgnoreCase':
    case 'StringNotEqualsIgnoreCase': {
      const lc = unescapeLiterals(pv).toLowerCase();
      return (v) => v.toLowerCase() === lc;
    }
    case 'StringLike':
    case 'StringNotLike': {
      const m = compileGlob(pv);
      return (v) => m(v);
    }
    case 'NumericEquals':
    case 'NumericNotEquals':
    case 'NumericLessThan':
    case 'NumericLessThanEquals':
    case 'NumericGreaterThan':
    case 'NumericGreaterThanEquals': {
      const p = parseNumber(pv);
      if (p === undefined) return () => false;
      return compare(op.base.slice('Numeric'.length), p, parseNumber);
    }
    case 'DateEquals':
    case 'DateNotEquals':
    case 'DateLessThan':
    case 'DateLessThanEquals':
    case 'DateGreaterThan':
    case 'DateGreaterThanEquals': {
      const p = parseDate(pv);
      if (p === undefined) return () => false;
      return compare(op.base.slice('Date'.length), p, parseDate);
    }
    case 'Bool': {
      const lc = pv.toLowerCase();
      return (v) => v.toLowerCase() === lc;
    }
    case 'BinaryEquals':
      return (v) => v === pv;
    case 'IpAddress':
    case 'NotIpAddress': {
      const range: Cidr | undefined = parseCidr(pv);
      if (!range) return () => false;
      return (v) => {
        const ip = parseCidr(v);
        return ip !== undefined && cidrContains(range, ip);
      };
    }
    case 'ArnEquals':
    case 'ArnLike':
    case 'ArnNotEquals':
    case 'ArnNotLike': {
      const parts = splitArn(pv);
      if (!parts) return (v) => globMatch(pv, v);
      return (v) => {
        const vp = splitArn(v);
        return vp !== undefined && arnPartsMatch(parts, vp);
      };
    }
    case 'Null':
      return () => false;
  }
}

function compare(rel: string, p: number, read: (s: string) => number | undefined): ValueTest {
  const test = (v: string, f: (x: number) => boolean): boolean => {
    const x = read(v);
    return x !== undefined && f(x);
  };
  switch (rel) {
    case 'Equals':
    case 'NotEquals':
      return (v) => test(v, (x) => x === p);
    case 'LessThan':
      return (v) => test(v, (x) => x < p);
    case 'LessThanEquals':
      return (v) => test(v, (x) => x <= p);
    case 'GreaterThan':
      return (v) => test(v, (x) => x > p);
    default:
      return (v) => test(v, (x) => x >= p);
  }
}

/**
 * Value tests shared by operator and value: a test is a pure function of the two, and the same condition
 * recurs across thousands of documents (`s3:prefix` `StringLike` `team-7/*`). A closure and its scopes per
 * value of each distinct document (about 2 MB at 10,000 roles, held for the analysis) became one per
 * distinct pair. Bounded, and kept for one analysis like the other text memos.
 */
const sharedTests = new TextMemo<ValueTest>(100_000);

function sharedTest(op: ParsedOperator, policyValue: string): ValueTest {
  const key = `${op.base}\u0000${policyValue}`;
  let t = sharedTests.get(key);
  if (!t) {
    t = positiveTest(op, policyValue);
    sharedTests.set(key, t);
  }
  return t;
}

/** Operators whose policy values are wildcard patterns (substituted text must stay literal in them). */
const usesWildcards = (op: ParsedOperator): boolean => op.base.includes('Like') || op.family === 'Arn';

/** Compiles one entry; undefined when its operator is unknown (the parser reported it). */
export function compileCondition(entry: ConditionEntry, substitutes: boolean): CompiledCondition | undefined {
  const op = parseOperator(entry.operator);
  if (!op) return undefined;
  const dynamic = substitutes && entry.values.some(hasVariables);
  const tests = entry.values.map((v) => (dynamic && hasVariables(v) ? undefined : sharedTest(op, v)));
  // Every field from the start: fields added later go to a separate property block per condition.
  return { entry, op, keyLc: entry.key.toLowerCase(), tests, dynamic, text: undefined, openText: undefined };
}

export interface ConditionResult {
  result: Tri;
  /** The key whose value was unknown (the condition key itself or a policy variable's key). */
  unknownKey?: string;
}

function anyTest(tests: readonly ValueTest[], v: string): boolean {
  for (const t of tests) if (t(v)) return true;
  return false;
}

const TRUE: ConditionResult = { result: 'true' };
const FALSE: ConditionResult = { result: 'false' };

/** Evaluates one compiled condition against the request's context. */
export function evaluateCondition(c: CompiledCondition, lookup: Lookup): ConditionResult {
  const found = lookup.lookup(c.keyLc);
  if (found === UNKNOWN) return { result: 'unknown', unknownKey: c.entry.key };
  const present = found !== undefined && found.length > 0;
  const { op } = c;
  if (op.base === 'Null') {
    // "true": the key must be absent; "false": present. Several values are OR-ed like any other.
    const holds = c.entry.values.some((v) => (v.toLowerCase() === 'true' ? !present : present));
    return holds ? TRUE : FALSE;
  }
  if (!present) {
    if (op.ifExists || op.set === 'ForAllValues') return TRUE;
    if (op.set === 'ForAnyValue') return FALSE;
    return op.negated ? TRUE : FALSE;
  }
  let tests: ValueTest[];
  if (c.dynamic) {
    tests = [];
    for (let i = 0; i < c.entry.values.length; i++) {
      const t = c.tests[i];
      if (t) {
        tests.push(t);
        continue;
      }
      const s = substitute(c.entry.values[i] as string, lookup, usesWildcards(op));
      if (s.ok) tests.push(positiveTest(op, s.value));
      else if (s.unknown) return { result: 'unknown', unknownKey: s.key };
      // An unresolvable variable: this value matches nothing.
    }
  } else tests = c.tests as ValueTest[];
  // How many request values match at least one policy value decides every form of the operator.
  let matching = 0;
  for (const v of found) if (anyTest(tests, v)) matching++;
  const n = found.length;
  let holds: boolean;
  if (op.set === 'ForAllValues') holds = op.negated ? matching === 0 : matching === n;
  else if (op.set === 'ForAnyValue') holds = op.negated ? matching < n : matching > 0;
  else holds = op.negated ? matching === 0 : matching > 0;
  return holds ? TRUE : FALSE;
}

const PHRASES: Record<string, string> = {
  StringEquals: 'equals',
  StringNotEquals: 'does not equal',
  StringEqualsIgnoreCase: 'equals (ignoring case)',
  StringNotEqualsIgnoreCase: 'does not equal (ignoring case)',
  StringLike: 'matches',
  StringNotLike: 'does not match',
  NumericEquals: 'equals',
  NumericNotEquals: 'does not equal',
  NumericLessThan: 'is less than',
  NumericLessThanEquals: 'is at most',
  NumericGreaterThan: 'is greater than',
  NumericGreaterThanEquals: 'is at least',
  DateEquals: 'is exactly',
  DateNotEquals: 'is not',
  DateLessThan: 'is before',
  DateLessThanEquals: 'is at or before',
  DateGreaterThan: 'is after',
  DateGreaterThanEquals: 'is at or after',
  Bool: 'is',
  BinaryEquals: 'equals',
  IpAddress: 'is in',
  NotIpAddress: 'is not in',
  ArnEquals: 'equals',
  ArnLike: 'matches',
  ArnNotEquals: 'does not equal',
  ArnNotLike: 'does not match',
};

/** Plain English for a condition, e.g. `sts:ExternalId equals doris-external-id`. */
export function describeCondition(entry: ConditionEntry): string {
  const op = parseOperator(entry.operator);
  const values = entry.values;
  if (!op) return `${entry.key} ${entry.operator} ${values.join(', ')}`;
  if (op.base === 'Null') {
    const absent = values.map((v) => (v.toLowerCase() === 'true' ? 'is absent' : 'is present'));
    return `${entry.key} ${[...new Set(absent)].join(' or ')}`;
  }
  const phrase = PHRASES[op.base] ?? op.base;
  const list =
    values.length === 1
      ? (values[0] ?? '')
      : op.negated
        ? `any of ${values.join(', ')}`
        : `one of ${values.join(', ')}`;
  const subject =
    op.set === 'ForAllValues'
      ? `every value of ${entry.key}`
      : op.set === 'ForAnyValue'
        ? `at least one value of ${entry.key}`
        : entry.key;
  return `${subject} ${phrase} ${list}${op.ifExists ? ` (or ${entry.key} is absent)` : ''}`;
}
