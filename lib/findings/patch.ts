/**
 * Editing policy documents for fixes: the document as the user holds it (raw JSON, statements in their
 * own order and spelling), with one statement added, replaced or removed. Never the normalised form:
 * the fix must be something a person can diff against what the console shows.
 */
import { sh } from '../model/shell';

export type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A deep copy of the document as an object (a JSON string is parsed); an unreadable one becomes an empty policy. */
export function documentOf(doc: unknown): Json {
  let value = doc;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      value = undefined;
    }
  }
  if (!isRecord(value)) return { Version: '2012-10-17', Statement: [] };
  return JSON.parse(JSON.stringify(value)) as Json;
}

/** The statements as a list (a single-object `Statement` becomes a one-element list). */
export function statementsOf(doc: unknown): Json[] {
  const d = documentOf(doc);
  const raw = d.Statement;
  const list: unknown[] = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.map((s) => (isRecord(s) ? s : {}));
}

function withStatements(doc: unknown, statements: Json[]): Json {
  const d = documentOf(doc);
  return { Version: typeof d.Version === 'string' ? d.Version : '2012-10-17', ...d, Statement: statements };
}

/** The document with `statement` appended. */
export const addStatement = (doc: unknown, statement: Json): Json =>
  withStatements(doc, [...statementsOf(doc), statement]);

/** The document with statement `index` replaced (or removed when `statement` is undefined). */
export function replaceStatement(doc: unknown, index: number, statement: Json | undefined): Json {
  const list = statementsOf(doc);
  const next =
    statement === undefined
      ? list.filter((_, i) => i !== index)
      : list.map((s, i) => (i === index ? statement : s));
  return withStatements(doc, next);
}

export const policyOf = (statements: Json[]): Json => ({ Version: '2012-10-17', Statement: statements });

/** A string or list element of a statement as a list. */
export function listOf(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** `[x]` → `x`, as people write single principals and actions. */
export const oneOrMany = (list: string[]): string | string[] =>
  list.length === 1 ? (list[0] as string) : list;

const fileSafe = (name: string): string => name.replace(/[^A-Za-z0-9_.-]/g, '-');

export interface CliFix {
  cli: string;
  file: string;
}

export function trustCli(roleName: string): CliFix {
  const file = `trust-${fileSafe(roleName)}.json`;
  return {
    file,
    cli: sh`aws iam update-assume-role-policy --role-name ${roleName} --policy-document file://${file}`,
  };
}

export function inlinePolicyCli(kind: 'role' | 'user', owner: string, policyName: string): CliFix {
  const file = `${fileSafe(policyName)}.json`;
  return {
    file,
    cli:
      kind === 'role'
        ? sh`aws iam put-role-policy --role-name ${owner} --policy-name ${policyName} --policy-document file://${file}`
        : sh`aws iam put-user-policy --user-name ${owner} --policy-name ${policyName} --policy-document file://${file}`,
  };
}

export function managedPolicyCli(policyArn: string, policyName: string): CliFix {
  const file = `${fileSafe(policyName)}.json`;
  return {
    file,
    cli: sh`aws iam create-policy-version --policy-arn ${policyArn} --policy-document file://${file} --set-as-default`,
  };
}

export function bucketPolicyCli(bucket: string): CliFix {
  const file = `bucket-policy-${fileSafe(bucket)}.json`;
  return { file, cli: sh`aws s3api put-bucket-policy --bucket ${bucket} --policy file://${file}` };
}
