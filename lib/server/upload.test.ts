import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { crossOriginReason } from './same-origin';
import { safeName, stage } from './upload';

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
