/**
 * Completeness of file imports, on the AWS CLI reference's own example output (see
 * test/fixtures/real/completeness/README.md for the source and how each expectation was derived).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { memoryIo } from '../../cli/io';
import { main } from '../../cli/main';
import { importFiles } from '../../lib/app/import';
import { coverageOf } from '../../lib/model';
import { Store } from '../../lib/store';

const PAGE = join(
  import.meta.dirname,
  '../fixtures/real/completeness/aws-cli-get-account-authorization-details.json',
);
const ACCOUNT = '123456789012';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolechain-completeness-'));
  const o = Store.open(join(dir, 'store.db'));
  assert.ok(o.ok);
  store = o.value;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The page as a complete export (IsTruncated false, no Marker), with `extraRole` added. */
function completeExport(name: string, extraRole?: string): string {
  const doc = JSON.parse(readFileSync(PAGE, 'utf8')) as {
    RoleDetailList: { RoleName: string; Arn: string; RoleId: string }[];
    IsTruncated?: boolean;
    Marker?: string;
  };
  doc.IsTruncated = false;
  delete doc.Marker;
  if (extraRole) {
    const base = doc.RoleDetailList[0]!;
    doc.RoleDetailList.push({
      ...base,
      RoleName: extraRole,
      Arn: `arn:aws:iam::${ACCOUNT}:role/${extraRole}`,
      RoleId: 'AROAOLDROLEEXAMPLE0001',
    });
  }
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

const roleNames = (): string[] =>
  store
    .getSnapshot(store.latestSnapshotMeta()!.id)!
    .roles.map((r) => r.name)
    .sort();

test('given one page of get-account-authorization-details (IsTruncated), when imported, then IAM of the account is partial and the gap is named', async () => {
  const r = await importFiles(store, [PAGE], { now: '2026-12-01T00:00:00Z' });
  const iam = coverageOf(store.getSnapshot(r.snapshotId!)!).find(
    (p) => p.source === 'iam' && p.account === ACCOUNT,
  );
  assert.equal(iam?.state, 'partial');
  assert.equal(iam?.failures[0]?.code, 'one-page');
  assert.ok(r.warnings.some((w) => w.code === 'one-page'));
  assert.deepEqual(
    r.gaps.map((g) => [g.source, g.account, g.state]),
    [['iam', ACCOUNT, 'partial']],
  );
});

test('given a complete export with OldRole stored, when one page of the same account is imported, then OldRole stays, stale since the export', async () => {
  await importFiles(store, [completeExport('full.json', 'OldRole')], { now: '2026-11-01T00:00:00Z' });
  assert.deepEqual(roleNames(), ['EC2role', 'OldRole']);
  await importFiles(store, [PAGE], { now: '2026-12-01T00:00:00Z' });
  assert.deepEqual(roleNames(), ['EC2role', 'OldRole']);
  const iam = coverageOf(store.getSnapshot(store.latestSnapshotMeta()!.id)!).find((p) => p.source === 'iam')!;
  assert.equal(iam.state, 'partial');
  assert.equal(iam.staleSince, '2026-11-01T00:00:00Z');
});

test('given a complete export with OldRole stored, when a complete export without it is imported, then OldRole is gone', async () => {
  await importFiles(store, [completeExport('full.json', 'OldRole')], { now: '2026-11-01T00:00:00Z' });
  await importFiles(store, [completeExport('again.json')], { now: '2026-12-01T00:00:00Z' });
  assert.deepEqual(roleNames(), ['EC2role']);
});

test('given the page imported, when `rolechain analyze --store` runs, then it names IAM as read only partly instead of a bare count', async () => {
  await importFiles(store, [PAGE]);
  const io = memoryIo();
  io.cwd = dir;
  const code = await main(['analyze', '--store', join(dir, 'store.db')], io);
  assert.equal(code, 0, io.stderr);
  assert.match(io.stdout, /NOT READ \(1\)/);
  assert.match(io.stdout, /IAM .* of account 123456789012: read only partly/);
  const json = memoryIo();
  json.cwd = dir;
  assert.equal(await main(['analyze', '--store', join(dir, 'store.db'), '--format', 'json'], json), 0);
  const doc = JSON.parse(json.stdout) as { notRead: string[] };
  assert.equal(doc.notRead.length, 1);
});
