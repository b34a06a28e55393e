import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCsv, readCredentialReport } from './credential-report';

const REPORT = join(
  import.meta.dirname,
  'fixtures',
  'layout',
  'accounts',
  '111111111111',
  'iam',
  'credential-report.csv',
);

describe('readCredentialReport', () => {
  it('given a report with the <root_account> row, when read, then root is marked and users get keys and password state', () => {
    const { rows, warnings } = readCredentialReport(readFileSync(REPORT, 'utf8'), 'r.csv');
    assert.deepEqual(warnings, []);
    const root = rows.find((r) => r.isRoot)!;
    assert.equal(root.account, '111111111111');
    assert.equal(root.passwordEnabled, undefined, 'not_supported is unknown, not false');
    assert.equal(root.mfaActive, true);
    assert.deepEqual(root.accessKeys, []);
    const alice = rows.find((r) => r.user === 'alice')!;
    assert.equal(alice.passwordEnabled, true);
    assert.deepEqual(alice.accessKeys, [
      { status: 'Active', createdAt: '2025-01-02T00:00:00Z', lastUsedAt: '2026-11-19T07:59:00Z' },
      { status: 'Inactive', createdAt: '2025-06-01T00:00:00Z' },
    ]);
  });

  it('given CSV that is not a credential report, when read, then it warns', () => {
    assert.equal(readCredentialReport('a,b\n1,2\n', 'x.csv').warnings[0]!.code, 'unsupported-format');
  });

  it('given quoted cells and CRLF, when parsed, then cells are exact', () => {
    assert.deepEqual(parseCsv('a,"b,c","d""e"\r\n1,,3'), [
      ['a', 'b,c', 'd"e'],
      ['1', '', '3'],
    ]);
  });
});
