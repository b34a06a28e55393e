import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { crossOriginReason } from './same-origin';
import { readUploadForm, safeName, stage } from './upload';

test('given hostile file names, when staged, then every file lands inside the temp folder', async () => {
  const s = await stage([
    { name: '../../etc/passwd', bytes: new TextEncoder().encode('a') },
    { name: '..\\..\\windows\\win.ini', bytes: new TextEncoder().encode('b') },
    { name: '.hidden', bytes: new TextEncoder().encode('c') },
    { name: 'authz.json', bytes: new TextEncoder().encode('d') },
  ]);
  try {
    const names = (await readdir(s.dir)).sort();
    assert.deepEqual(names, ['0000-passwd', '0001-win.ini', '0002-hidden', '0003-authz.json']);
    assert.equal(await readFile(`${s.dir}/0003-authz.json`, 'utf8'), 'd');
    assert.equal(s.names.get('0000-passwd'), '../../etc/passwd');
  } finally {
    await s.cleanup();
  }
  assert.equal(safeName('', 7), '0007-file');
});

test('given requests from other sites, when checked, then only same-origin ones pass', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  assert.equal(crossOriginReason(h({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' })), undefined);
  assert.equal(crossOriginReason(h({ host: '127.0.0.1:3000' })), undefined);
  assert.match(crossOriginReason(h({ host: '127.0.0.1:3000', origin: 'https://evil.example' }))!, /evil/);
  assert.match(
    crossOriginReason(h({ host: '127.0.0.1:3000', 'sec-fetch-site': 'cross-site' }))!,
    /cross-site/,
  );
});

/** A multipart upload of one file, sent as a stream without Content-Length (chunked), in 64 kB pieces. */
function chunkedUpload(fileBytes: number, progress = { sent: 0 }): Request {
  const boundary = 'rolechain-test-boundary';
  const head = new TextEncoder().encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="authz.json"\r\nContent-Type: application/json\r\n\r\n`,
  );
  const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
  const body = new Uint8Array(head.length + fileBytes + tail.length).fill(0x20);
  body.set(head, 0);
  body.set(tail, head.length + fileBytes);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (progress.sent >= body.length) return controller.close();
      controller.enqueue(body.subarray(progress.sent, progress.sent + 65_536));
      progress.sent += 65_536;
    },
  });
  return new Request('http://127.0.0.1/api/import', {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: stream,
    duplex: 'half',
  } as RequestInit);
}

test('given an upload without Content-Length, when it is over the limit, then it is refused as too large without being read whole', async () => {
  const progress = { sent: 0 };
  const r = await readUploadForm(chunkedUpload(4_000_000, progress), 200_000);
  assert.ok(!r.ok);
  // Reading stopped at the limit (give or take the stream's read-ahead), not at the end of the 4 MB.
  assert.ok(progress.sent < 600_000, `${progress.sent} bytes were read`);
  assert.equal(r.error.code, 'payload_too_large');
  assert.match(r.error.message, /at most 256 MiB; use `rolechain import <folder>`/);
});

test('given an upload without Content-Length, when it is under the limit, then its file is read', async () => {
  const r = await readUploadForm(chunkedUpload(150_000), 200_000);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  const files = r.value.getAll('files');
  assert.equal(files.length, 1);
  assert.equal((files[0] as File).name, 'authz.json');
  assert.equal((files[0] as File).size, 150_000);
});

test('given an upload whose Content-Length is over the limit or whose body is not multipart, when read, then each gets its own problem', async () => {
  const big = new Request('http://127.0.0.1/api/import', {
    method: 'POST',
    headers: {
      'content-type': 'multipart/form-data; boundary=x',
      'content-length': String(300 * 1024 * 1024),
    },
    body: 'x',
  });
  const tooBig = await readUploadForm(big);
  assert.equal(tooBig.ok ? 'ok' : tooBig.error.code, 'payload_too_large');
  const garbled = new Request('http://127.0.0.1/api/import', {
    method: 'POST',
    headers: { 'content-type': 'multipart/form-data; boundary=x' },
    body: 'not a multipart body',
  });
  const bad = await readUploadForm(garbled);
  assert.equal(bad.ok ? 'ok' : bad.error.code, 'bad_body');
  const empty = new Request('http://127.0.0.1/api/import', {
    method: 'POST',
    headers: { 'content-type': 'multipart/form-data; boundary=x' },
  });
  const none = await readUploadForm(empty);
  assert.equal(none.ok ? 'ok' : none.error.code, 'bad_body');
});
