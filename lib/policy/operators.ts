/**
 * Condition operators (IAM User Guide, "IAM JSON policy elements: Condition operators").
 * An operator as written is `[ForAllValues:|ForAnyValue:]<base>[IfExists]`.
 */

export const BASE_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const;
export type BaseOperator = (typeof BASE_OPERATORS)[number];

export const OPERATOR_FAMILIES = [
  'String',
  'Numeric',
  'Date',
  'Bool',
  'Binary',
  'Ip',
  'Arn',
  'Null',
] as const;
export type OperatorFamily = (typeof OPERATOR_FAMILIES)[number];

export const SET_QUALIFIERS = ['ForAllValues', 'ForAnyValue'] as const;
export type SetQualifier = (typeof SET_QUALIFIERS)[number];

export interface ParsedOperator {
  base: BaseOperator;
  family: OperatorFamily;
  /** `StringNotEquals`, `NotIpAddress`, …: true when none of the policy's values may match. */
  negated: boolean;
  ifExists: boolean;
  set?: SetQualifier;
}

const BASE_SET: ReadonlySet<string> = new Set(BASE_OPERATORS);

function familyOf(base: BaseOperator): OperatorFamily {
  if (base.startsWith('String')) return 'String';
  if (base.startsWith('Numeric')) return 'Numeric';
  if (base.startsWith('Date')) return 'Date';
  if (base === 'Bool') return 'Bool';
  if (base === 'BinaryEquals') return 'Binary';
  if (base.endsWith('IpAddress')) return 'Ip';
  if (base.startsWith('Arn')) return 'Arn';
  return 'Null';
}

const cache = new Map<string, ParsedOperator | undefined>();

/** Parses an operator as written; undefined for an operator IAM does not know. */
export function parseOperator(text: string): ParsedOperator | undefined {
  if (cache.has(text)) return cache.get(text);
  let rest = text;
  let set: SetQualifier | undefined;
  for (const q of SET_QUALIFIERS) {
    if (rest.startsWith(`${q}:`)) {
      set = q;
      rest = rest.slice(q.length + 1);
    }
  }
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  let parsed: ParsedOperator | undefined;
  // `Null` takes neither IfExists nor a set qualifier: both would make it meaningless.
  if (BASE_SET.has(rest) && !(rest === 'Null' && (ifExists || set))) {
    const base = rest as BaseOperator;
    parsed = {
      base,
      family: familyOf(base),
      negated: base.includes('Not'),
      ifExists,
      ...(set ? { set } : {}),
    };
  }
  if (cache.size < 10_000) cache.set(text, parsed);
  return parsed;
}
