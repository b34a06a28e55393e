import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Role } from '../model';
import { knownMaxSessionDuration } from '../model';
import { isListRoles, readListRoles } from './list-roles';
import { loadFromPaths } from './load';

const LAYOUT = join(import.meta.dirname, 'fixtures', 'layout');
const CLI = join(import.meta.dirname, 'fixtures', 'list-roles', '111111111111-list-roles.json');
const RAW = join(import.meta.dirname, 'fixtures', 'list-roles', '222222222222-list-roles-raw-api.json');
const load = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8'));
const byName = (roles: Role[], name: string): Role | undefined => roles.find((r) => r.name === name);

describe('readListRoles', () => {
  it('given `aws iam list-roles` as the CLI prints it (trust policy decoded), when read, then each ARN has its MaxSessionDuration', () => {
    const json = load(CLI);
    assert.equal(isListRoles(json), true);
    const r = readListRoles(json, 'list-roles.json');
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.value, [
      { arn: 'arn:aws:iam::111111111111:role/doris-be-role', maxSessionDuration: 43200 },
      { arn: 'arn:aws:iam::111111111111:role/created-after-the-export', maxSessionDuration: 3600 },
    ]);
  });

  it('given the raw API form (trust policy URL-encoded, IsTruncated), when read, then it reads the same way', () => {
    const r = readListRoles(load(RAW), 'raw.json');
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.value, [
      { arn: 'arn:aws:iam::222222222222:role/data/lake-reader', maxSessionDuration: 14400 },
    ]);
  });

  it('given list-roles files of the wrong shape, when read, then there is no value and one warning naming the file, the format and the field', () => {
    const role = { RoleName: 'x', Arn: 'arn:aws:iam::111111111111:role/x', MaxSessionDuration: 3600 };
    const cases: [unknown, RegExp][] = [
      [{ Roles: 'none' }, /Roles: /],
      [{ Roles: [{ ...role, MaxSessionDuration: undefined }] }, /Roles\.0\.MaxSessionDuration/],
      [{ Roles: [{ ...role, MaxSessionDuration: 60 }] }, /Roles\.0\.MaxSessionDuration/],
      [{ Roles: [{ ...role, Arn: 'arn:aws:iam::111111111111:user/x' }] }, /Roles\.0\.Arn: not a role ARN/],
    ];
    for (const [json, field] of cases) {
      const r = readListRoles(json, 'accounts/1/iam/list-roles.json');
      assert.equal(r.value, undefined);
      assert.equal(r.warnings.length, 1);
      assert.equal(r.warnings[0]!.code, 'invalid-field');
      assert.match(r.warnings[0]!.message, /^accounts\/1\/iam\/list-roles\.json: list-roles: /);
      assert.match(r.warnings[0]!.message, field);
    }
  });
});

describe('loadFromPaths with list-roles files', () => {
  for (const [order, paths] of [
    ['authorization details first', [LAYOUT, CLI, RAW]],
    ['list-roles first', [RAW, CLI, LAYOUT]],
  ] as const)
    it(`given ${order}, when loaded, then listed roles get their MaxSessionDuration, a listed role without authorization details warns and is not invented`, async () => {
      const { snapshot, warnings } = await loadFromPaths([...paths]);
      const doris = byName(snapshot.roles, 'doris-be-role');
      assert.equal(doris && knownMaxSessionDuration(doris), 43200);
      assert.equal(doris?.maxSessionDurationKnown, undefined);
      const lake = byName(snapshot.roles, 'lake-reader');
      assert.equal(lake && knownMaxSessionDuration(lake), 14400, 'list-roles wins over a value in the file');
      assert.equal(byName(snapshot.roles, 'created-after-the-export'), undefined);
      assert.equal(snapshot.roles.length, 2);
      assert.deepEqual(
        warnings.map((w) => [w.source, w.code]),
        [['111111111111-list-roles.json', 'unknown-role']],
      );
      assert.match(warnings[0]!.message, /1 role\(s\) of account 111111111111 .*created-after-the-export/);
    });

  it('given the layout alone, when loaded, then a role whose limit no file gives stays unknown', async () => {
    const { snapshot } = await loadFromPaths([LAYOUT]);
    const doris = byName(snapshot.roles, 'doris-be-role');
    assert.equal(doris?.maxSessionDurationKnown, false);
    assert.equal(doris && knownMaxSessionDuration(doris), undefined);
  });
});
