import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { memoryIo } from '../io';
import { main } from '../main';
import { Store } from '../../lib/store';
import type { AssumeEvent } from '../../lib/model';

const role = 'arn:aws:iam::222222222222:role/lake';
const ev = (eventId: string, eventName: string, time: string): AssumeEvent => ({
  eventId,
  time,
  recordedBy: '222222222222',
  region: 'us-west-2',
  eventName,
  eventSource: eventName.startsWith('Assume') ? 'sts.amazonaws.com' : 'iam.amazonaws.com',
  caller: { type: 'IAMUser', arn: 'arn:aws:iam::222222222222:user/admin' },
  roleArn: role,
  externalIdPresent: false,
  outcome: 'success',
});

function storeWithOneOfEach(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'rolechain-audit-')), 's.db');
  const s = Store.open(path);
  assert.ok(s.ok);
  s.value.importEvents([
    ev('session', 'AssumeRole', '2026-11-02T10:00:00.000Z'),
    ev('change', 'AttachRolePolicy', '2026-11-01T10:00:00.000Z'),
  ]);
  s.value.close();
  return path;
}

test('given --help, when run, then it says what the audit covers and the kinds it has', async () => {
  const io = memoryIo();
  assert.equal(await main(['audit', '--help'], io), 0);
  assert.match(io.stdout, /sessions \(default\)\s+AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity/);
  assert.match(io.stdout, /changes\s+the other chain events/);
  assert.match(io.stdout, /GetSessionToken/);
});

test("given a role's session and a change to the role, when audited by --role, then only the session is listed unless changes are asked for", async () => {
  const path = storeWithOneOfEach();
  const ids = async (...args: string[]) => {
    const io = memoryIo();
    assert.equal(await main(['audit', '--store', path, '--format', 'json', '--role', role, ...args], io), 0);
    return (JSON.parse(io.stdout) as { events: AssumeEvent[] }).events.map((e) => e.eventId);
  };
  assert.deepEqual(await ids(), ['session']);
  assert.deepEqual(await ids('--kind', 'changes'), ['change']);
  assert.deepEqual(await ids('--kind', 'all'), ['session', 'change']);
  const table = memoryIo();
  assert.equal(await main(['audit', '--store', path, '--kind', 'all'], table), 0);
  assert.match(table.stdout, /^time\s+kind\s+event/);
  const csv = memoryIo();
  assert.equal(await main(['audit', '--store', path, '--kind', 'all', '--format', 'csv'], csv), 0);
  assert.deepEqual(
    csv.stdout
      .split('\r\n')
      .slice(1, 3)
      .map((l) => l.split(',')[1]),
    ['"session"', '"change"'],
  );
});

test('given a bad kind or time, when run, then it exits 2 naming the flag', async () => {
  for (const [args, msg] of [
    [['--kind', 'everything'], /--kind is sessions, changes, all/],
    [['--until', 'Dec 12, 2024'], /--until takes/],
    [['--since', '2024-02-30'], /--since takes/],
  ] as const) {
    const io = memoryIo();
    assert.equal(await main(['audit', '--store', ':memory:', ...args], io), 2);
    assert.match(io.stderr, msg);
  }
});
