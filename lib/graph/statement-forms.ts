/**
 * The statement forms the data platforms document, and the AWS actions each one really performs.
 * Sources: Apache Doris "AWS authentication and authorization" (read template for S3 Load, TVF and
 * catalogs; write template for Export, Storage Vault and Repository), StarRocks "Authenticate to AWS
 * resources" (S3: GetObject + ListBucket; Glue: the Get* reads), and what the engines' S3 clients call
 * (an export or unload writes in multipart uploads and aborts them on failure; a backup repository lists,
 * reads, writes and deletes its snapshots). docs/checker.md has the table with every source.
 */

export const STATEMENT_FORMS = [
  'repository',
  'read-only-repository',
  'storage-vault',
  'resource',
  's3-load',
  'table-function',
  'files-load',
  'files-unload',
  'export',
  'outfile',
  'pipe',
  'external-catalog',
  'file-external-table',
  'trino-catalog',
  'hadoop-s3a',
  'iceberg-catalog',
  'other',
] as const;
export type StatementForm = (typeof STATEMENT_FORMS)[number];

export const S3_READ = ['s3:GetObject', 's3:ListBucket'] as const;
export const S3_READ_WRITE = ['s3:PutObject', 's3:GetObject', 's3:ListBucket', 's3:DeleteObject'] as const;
export const S3_WRITE = ['s3:PutObject', 's3:AbortMultipartUpload'] as const;
/** Glue reads a catalog needs; each is authorised on the catalog, the database and the table. */
export const GLUE_READ = [
  'glue:GetDatabase',
  'glue:GetDatabases',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetPartitions',
] as const;

export interface FormInfo {
  /** How the form is named in messages. */
  label: string;
  s3Actions: readonly string[];
  /** The location names a folder (a repository, a vault) rather than files or a glob. */
  folder: boolean;
  /** Said with the result, e.g. that a catalog used for writes needs more. */
  note?: string;
}

const CATALOG_NOTE =
  'a catalog is checked for reads; writing through it (INSERT, CREATE TABLE AS) also needs s3:PutObject and s3:DeleteObject — give them with --action to check them too';

export const FORMS: Record<StatementForm, FormInfo> = {
  repository: { label: 'backup repository', s3Actions: S3_READ_WRITE, folder: true },
  'read-only-repository': { label: 'read-only backup repository', s3Actions: S3_READ, folder: true },
  'storage-vault': { label: 'storage vault / volume', s3Actions: S3_READ_WRITE, folder: true },
  resource: { label: 'S3 resource (cold storage)', s3Actions: S3_READ_WRITE, folder: true },
  's3-load': { label: 'S3 / broker load', s3Actions: S3_READ, folder: false },
  'table-function': { label: 'S3() table function', s3Actions: S3_READ, folder: false },
  'files-load': { label: 'FILES() read', s3Actions: S3_READ, folder: false },
  'files-unload': { label: 'INSERT INTO FILES() unload', s3Actions: S3_WRITE, folder: true },
  export: { label: 'EXPORT', s3Actions: S3_WRITE, folder: true },
  outfile: { label: 'SELECT … INTO OUTFILE', s3Actions: S3_WRITE, folder: true },
  pipe: { label: 'CREATE PIPE (continuous load)', s3Actions: S3_READ, folder: false },
  'external-catalog': {
    label: 'external catalog',
    s3Actions: S3_READ,
    folder: true,
    note: CATALOG_NOTE,
  },
  'file-external-table': { label: 'file external table', s3Actions: S3_READ, folder: false },
  'trino-catalog': { label: 'Trino / Presto catalog', s3Actions: S3_READ, folder: true, note: CATALOG_NOTE },
  'hadoop-s3a': {
    label: 'Hadoop S3A file system',
    s3Actions: S3_READ,
    folder: true,
    note: 'S3A is checked for reads; jobs that write also need s3:PutObject and s3:DeleteObject — give them with --action',
  },
  'iceberg-catalog': { label: 'Iceberg catalog', s3Actions: S3_READ, folder: true, note: CATALOG_NOTE },
  other: {
    label: 'statement',
    s3Actions: S3_READ,
    folder: false,
    note: 'the statement form was not recognised, so it is checked for reads only',
  },
};

/** The form of a SQL statement, from its skeleton (upper-cased, string contents removed). */
export function sqlForm(skeleton: string): StatementForm {
  const s = skeleton.replace(/\s+/g, ' ');
  if (/\bCREATE READ ONLY REPOSITORY\b/.test(s)) return 'read-only-repository';
  if (/\bCREATE REPOSITORY\b/.test(s)) return 'repository';
  if (/\bCREATE STORAGE (VAULT|VOLUME)\b/.test(s)) return 'storage-vault';
  if (/\bCREATE (EXTERNAL )?RESOURCE\b/.test(s)) return 'resource';
  if (/\bINSERT (INTO|OVERWRITE) FILES ?\(/.test(s)) return 'files-unload';
  if (/\bCREATE PIPE\b/.test(s)) return 'pipe';
  if (/\bINTO OUTFILE\b/.test(s)) return 'outfile';
  if (/\bEXPORT TABLE\b/.test(s)) return 'export';
  if (/\bLOAD LABEL\b/.test(s)) return 's3-load';
  if (/\bFROM FILES ?\(/.test(s)) return 'files-load';
  if (/\bFROM S3 ?\(/.test(s)) return 'table-function';
  if (/\bCREATE EXTERNAL TABLE\b/.test(s) && /\bENGINE ?= ?FILE\b/.test(s)) return 'file-external-table';
  if (/\bCREATE (EXTERNAL )?CATALOG\b/.test(s)) return 'external-catalog';
  return 'other';
}
