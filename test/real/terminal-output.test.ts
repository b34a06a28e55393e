/**
 * Terminal output of `rolechain audit` and `rolechain analyze` on data holding escape sequences,
 * line feeds and bidi overrides (test/fixtures/real/iam-patterns): nothing reaches the terminal raw,
 * a line feed in a session name adds no table row, and JSON output keeps the values exactly.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { memoryIo } from '../../cli/io';
import { main } from '../../cli/main';

const FIXTURES = join(import.meta.dirname, '../fixtures/real/iam-patterns');
const FILES = [join(FIXTURES, 'hostile-authz-details.json'), join(FIXTURES, 'hostile-cloudtrail.json')];
/** What must never be written raw: C0 but line feed, DEL, C1, bidi and other format characters, separators. */
const RAW_CONTROL = /(?![\n])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

// From hostile-cloudtrail.json, by hand.
const SESSION_WITH_LF = 'doris\nFAKE 2026-12-01 success arn:aws:iam::1:root';
const USER_AGENT_OSC =
  'aws-sdk-java/2.25.6 Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.9 \u001b]0;owned\u0007\u001b[2J';

async function importedStore(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-term-'));
  const store = join(dir, 'store.db');
  const io = memoryIo();
  assert.equal(await main(['import', ...FILES, '--store', store], io), 0, io.stderr);
  return store;
}

describe('terminal output of hostile data', () => {
  it('given three events, one with a line feed in its session name, when listed as a table, then the table has a header and three rows, all escaped', async () => {
    const store = await importedStore();
    const io = memoryIo();
    assert.equal(
      await main(['audit', '--store', store, '--since', '2026-01-01T00:00:00Z'], io),
      0,
      io.stderr,
    );
    assert.doesNotMatch(io.stdout, RAW_CONTROL);
    const lines = io.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 4, io.stdout);
    assert.match(lines[0]!, /^time\s+outcome\s+caller/);
    assert.ok(io.stdout.includes('doris\\nFAKE 2026-12-01'), io.stdout);
  });

  it('given the same events, when listed as JSON and CSV, then JSON keeps every value exactly and CSV writes no escape sequence', async () => {
    const store = await importedStore();
    const json = memoryIo();
    assert.equal(
      await main(['audit', '--store', store, '--since', '2026-01-01T00:00:00Z', '--format', 'json'], json),
      0,
    );
    assert.doesNotMatch(json.stdout, RAW_CONTROL);
    const page = JSON.parse(json.stdout) as { events: { roleSessionName?: string; userAgent?: string }[] };
    assert.deepEqual(
      page.events.map((e) => e.roleSessionName).sort(),
      ['doris-be-1', 'doris-be-2', SESSION_WITH_LF].sort(),
    );
    assert.ok(page.events.some((e) => e.userAgent === USER_AGENT_OSC));

    const csv = memoryIo();
    assert.equal(
      await main(['audit', '--store', store, '--since', '2026-01-01T00:00:00Z', '--format', 'csv'], csv),
      0,
    );
    assert.doesNotMatch(csv.stdout.replace(/\r\n/g, '\n'), RAW_CONTROL);
    // The third record's user agent: a line feed and an ideographic space before a full-width ＝.
    assert.ok(csv.stdout.includes(`"'\n\u3000＝HYPERLINK(""http://198.51.100.9/"",""open"")"`), csv.stdout);
  });

  it('given findings whose messages hold ExternalIds with colour codes and a tab, when analysed as a table, then they are escaped and JSON keeps them', async () => {
    const io = memoryIo();
    assert.equal(await main(['analyze', ...FILES.flatMap((f) => ['--snapshot', f])], io), 0, io.stderr);
    assert.doesNotMatch(io.stdout, RAW_CONTROL);
    assert.ok(io.stdout.includes('x\\u001b[31mred\\u001b[0m'), io.stdout);
    assert.ok(io.stdout.includes('prod$(touch\\tx)'));

    const json = memoryIo();
    assert.equal(
      await main(['analyze', ...FILES.flatMap((f) => ['--snapshot', f]), '--format', 'json'], json),
      0,
    );
    assert.doesNotMatch(json.stdout, RAW_CONTROL);
    const out = JSON.parse(json.stdout) as { findings: { message: string }[] };
    assert.ok(out.findings.some((f) => f.message.includes('x\u001b[31mred\u001b[0m')));
  });
});
