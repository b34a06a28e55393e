import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  addRecords,
  cloudTrailRecordsOf,
  newBatch,
  scanTrailText,
  isDigestFile,
  parseLookupEventsResponse,
  readFileText,
  readJsonLines,
  readJsonLinesText,
} from './cloudtrail';

const SAMPLES = join(import.meta.dirname, 'fixtures', 'samples', 'cloudtrail');
const docs = JSON.parse(readFileSync(join(SAMPLES, 'awsdocs_iam-user-guide_sts-examples.json'), 'utf8')) as {
  Records: Record<string, unknown>[];
};
const tmp = mkdtempSync(join(tmpdir(), 'rolechain-ct-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A LookupEvents page as the API returns it: each record a JSON string in CloudTrailEvent. */
const lookupPage = (records: unknown[], nextToken?: string) => ({
  Events: records.map((r, i) => ({
    EventId: `id-${i}`,
    EventName: (r as { eventName: string }).eventName,
    ReadOnly: 'false',
    EventTime: '2019-10-02T22:12:29Z',
    EventSource: 'sts.amazonaws.com',
    Username: 'JohnDoe',
    Resources: [],
    CloudTrailEvent: JSON.stringify(r),
  })),
  ...(nextToken ? { NextToken: nextToken } : {}),
});

describe('parseLookupEventsResponse', () => {
  it('given a LookupEvents page, when parsed, then chain records are normalised, others counted, and the token kept', () => {
    const page = parseLookupEventsResponse(lookupPage(docs.Records, 'next-1'));
    assert.equal(page.records, 6);
    assert.equal(page.skipped, 1);
    assert.equal(page.events.length, 5);
    assert.equal(page.nextToken, 'next-1');
    assert.deepEqual(page.invalid, []);
  });

  it('given a page whose CloudTrailEvent is not JSON, when parsed, then that event is reported, the rest read', () => {
    const page = lookupPage(docs.Records.slice(0, 1));
    page.Events.push({ ...page.Events[0]!, CloudTrailEvent: '{"eventVersion":' });
    const r = parseLookupEventsResponse(page);
    assert.equal(r.events.length, 1);
    assert.deepEqual(r.invalid, ['CloudTrailEvent is not valid JSON']);
  });

  it('given something else, when parsed, then it says so', () => {
    assert.deepEqual(parseLookupEventsResponse({ Records: [] }).invalid, ['not a LookupEvents response']);
  });
});

describe('cloudTrailRecordsOf and isDigestFile', () => {
  it('given each CloudTrail shape, when asked for records, then they are found; other JSON is not CloudTrail', () => {
    assert.equal(cloudTrailRecordsOf(docs)?.length, 6);
    assert.equal(cloudTrailRecordsOf(docs.Records)?.length, 6);
    assert.equal(cloudTrailRecordsOf(docs.Records[0])?.length, 1);
    assert.equal(cloudTrailRecordsOf(lookupPage(docs.Records))?.length, 6);
    assert.equal(cloudTrailRecordsOf({ RoleDetailList: [] }), undefined);
    assert.equal(cloudTrailRecordsOf([1, 2]), undefined);
  });

  it('given a digest file, when checked, then it is recognised (integrity data, no events)', () => {
    assert.equal(
      isDigestFile({ awsAccountId: '111111111111', digestStartTime: '2026-11-19T07:00:00Z', logFiles: [] }),
      true,
    );
    assert.equal(isDigestFile(docs), false);
  });
});

describe('reading files', () => {
  it('given a gzip file whatever its name, when read, then it is decompressed', async () => {
    const p = join(tmp, 'no-extension');
    writeFileSync(p, gzipSync('{"Records":[]}'));
    assert.deepEqual(await readFileText(p), { ok: true, text: '{"Records":[]}' });
  });

  it('given a truncated .jsonl.gz, when streamed, then the records before the cut are kept and the error reported', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) =>
      JSON.stringify({ ...docs.Records[0], eventID: `e${i}` }),
    ).join('\n');
    const gz = gzipSync(lines);
    const p = join(tmp, 'cut.jsonl.gz');
    writeFileSync(p, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const r = await readJsonLines(p);
    assert.ok(r.error, 'the cut is reported');
    assert.ok(
      r.batch.events.length > 0 && r.batch.events.length < 2000,
      `${r.batch.events.length} events kept`,
    );
  });

  it('given JSON lines under a .json name, when read as text, then each line is a record', () => {
    const text = docs.Records.map((x) => JSON.stringify(x)).join('\n');
    const r = readJsonLinesText(`${text}\n{broken\n`)!;
    assert.equal(r.batch.records, 6);
    assert.deepEqual(r.badLines, [7]);
    assert.equal(readJsonLinesText('{"a":1}\n{"b":2}'), undefined, 'lines of other JSON are not CloudTrail');
  });
});

describe('scanTrailText (the fast path)', () => {
  const full = (text: string) => addRecords(newBatch(), (JSON.parse(text) as { Records: unknown[] }).Records);

  it('given every trail file of the demo and the fixtures, when scanned, then the result equals parsing the whole file', () => {
    const roots = [
      join(import.meta.dirname, 'fixtures', 'layout', 'cloudtrail'),
      join(import.meta.dirname, '..', '..', 'demo', 'cloudtrail'),
    ];
    let files = 0;
    for (const root of roots) {
      let names: string[];
      try {
        names = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) =>
          f.endsWith('.json.gz'),
        );
      } catch {
        continue;
      }
      for (const name of names) {
        const text = gunzipSync(readFileSync(join(root, name))).toString('utf8');
        const fast = scanTrailText(text);
        assert.ok(fast, `${name} takes the fast path`);
        assert.deepEqual(fast, full(text), name);
        files++;
      }
    }
    assert.ok(files >= 2);
  });

  it('given compact and spaced layouts of the documentation records, when scanned, then chain events match a full parse', () => {
    for (const text of [
      JSON.stringify(docs),
      `{"Records": [\n${docs.Records.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`,
    ]) {
      const fast = scanTrailText(text);
      assert.ok(fast);
      assert.deepEqual(fast, full(text));
    }
    assert.deepEqual(scanTrailText('{"Records":[]}'), newBatch());
  });

  it('given records whose requestParameters carry an eventName of their own, when scanned, then the result still equals a full parse', () => {
    const [user, , tagged, s3] = docs.Records;
    const nested = [
      { ...s3, requestParameters: { eventName: 'AssumeRole', bucketName: 'b' } },
      // The nested eventName comes first here, before the record's own.
      {
        eventVersion: '1.08',
        requestParameters: { ...(tagged!.requestParameters as object), eventName: 'GetObject' },
        ...Object.fromEntries(
          Object.entries(tagged!).filter(([k]) => k !== 'requestParameters' && k !== 'eventVersion'),
        ),
      },
      user,
    ];
    const text = JSON.stringify({ Records: nested });
    const fast = scanTrailText(text);
    assert.ok(fast);
    assert.deepEqual(fast, full(text));
    assert.equal(fast.events.length, 2);
  });

  it('given layouts it cannot cut safely, when scanned, then it declines and the caller parses the whole file', () => {
    const compact = JSON.stringify(docs);
    assert.equal(
      scanTrailText(JSON.stringify(docs, null, 2)),
      undefined,
      'pretty-printed: records do not start with {"eventVersion"',
    );
    assert.equal(scanTrailText(compact.slice(0, compact.length - 40)), undefined, 'cut short');
    const reordered = JSON.stringify({
      Records: docs.Records.map(({ eventVersion, ...rest }) => ({ ...rest, eventVersion })),
    });
    assert.equal(scanTrailText(reordered), undefined, 'eventVersion not first');
    const brokenChain = compact.replace(
      '"roleSessionName":"JohnDoe-EC2-dev"',
      '"roleSessionName":"JohnDoe-EC2-dev"}',
    );
    assert.equal(scanTrailText(brokenChain), undefined, 'a chain record that does not parse');
    assert.equal(scanTrailText('{"RoleDetailList":[]}'), undefined);
  });
});

test('given a gzip that expands past the size limit, when read, then it is refused by size, not read whole', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const zlib = await import('node:zlib');
  const ct = await import('./cloudtrail');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rolechain-bomb-'));
  const bomb = path.join(dir, 'bomb.json.gz');
  fs.writeFileSync(bomb, zlib.gzipSync(Buffer.alloc(ct.MAX_FILE_BYTES + 1024, 0x20)));
  const r = await ct.readFileText(bomb);
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.code, 'file-too-large');
});
