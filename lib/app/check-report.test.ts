/**
 * The HTML report of a check: self-contained, escaped, and without secrets, whatever the data holds.
 * Run on the demo (doris chain) and on a statement copied from the Doris documentation
 * (test/fixtures/real/statements, Apache-2.0) that carries an access key pair.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { Snapshot } from '../model';
import { loadDemo } from '../sources/demo';
import { runCheck } from './check';
import { escapeHtml, renderCheckReport, reportFileName } from './check-report';

const META = { snapshot: 'demo #1', generatedAt: '2026-12-06T16:00:00.000Z' };
let snapshot: Snapshot;

before(async () => {
  snapshot = (await loadDemo(join(process.cwd(), 'demo'))).snapshot;
});

/** Everything a page could load from elsewhere: scripts, styles, images, frames, fonts, forms. */
const OUTSIDE = /<script|<link|<img|<iframe|<object|<embed|<form|src=|href=|@import|url\(/i;

describe('the HTML report of a chain check', () => {
  test('given the demo Doris chain, when reported, then it shows the verdict and five steps and loads nothing', () => {
    const o = runCheck(snapshot, {
      source: 'arn:aws:iam::111111111111:role/doris-be-instance-role',
      targetRole: 'arn:aws:iam::222222222222:role/doris-s3-role',
      resource: 's3://rolechain-demo-lakehouse/doris/x',
      action: 's3:GetObject',
      externalId: 'doris-external-id',
    });
    assert.ok(o.ok);
    const html = renderCheckReport(o.value, { ...META, link: 'http://127.0.0.1:3000/check?source=a&b=<c>' });
    assert.match(html, /data-verdict="works"/);
    assert.equal((html.match(/<li data-step=/g) ?? []).length, 5);
    assert.doesNotMatch(html, OUTSIDE);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.match(html, /check\?source=a&amp;b=&lt;c&gt;/);
    assert.equal(reportFileName(o.value, META.generatedAt), 'rolechain-check-works-20261206160000.html');
  });

  test('given a Doris load with an IAM user key pair, when reported, then neither the secret nor the whole key id is in the file', () => {
    const text = readFileSync(
      join(process.cwd(), 'test/fixtures/real/statements/doris/s3-load-iam-user.sql'),
      'utf8',
    );
    // The documentation's placeholders, filled with the AWS documentation's own example key pair.
    const filled = text
      .replace('<your-access-key>', 'AKIAIOSFODNN7EXAMPLE')
      .replace('<your-secrety-key>', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    const o = runCheck(snapshot, { text: filled });
    assert.ok(o.ok);
    const html = renderCheckReport(o.value, META);
    assert.ok(!html.includes('AKIAIOSFODNN7EXAMPLE'));
    assert.ok(!html.includes('wJalrXUtnFEMI'));
    for (const m of text.matchAll(
      /"(?:s3\.)?(?:secret_key|SECRET_KEY|access_key|ACCESS_KEY)"\s*=\s*"([^"]+)"/gi,
    ))
      if ((m[1] ?? '').length > 8) assert.ok(!html.includes(m[1] ?? ''), `the report holds ${m[1]}`);
    assert.doesNotMatch(html, OUTSIDE);
  });

  test('given hostile text, when escaped, then markup stays text', () => {
    assert.equal(
      escapeHtml(`<img src=x onerror="a('b')">&`),
      '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;',
    );
  });
});
