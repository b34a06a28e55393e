import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { RULES, RULE_IDS, compareFindings, idHeads } from './index';
import { A, B, EXT, allow, analyse, doc, role, roleArn, snapshotOf, trustAws, trustService } from './testkit';
import { SEVERITIES } from './types';
import { releaseTextMemos } from '../policy';

const here = dirname(fileURLToPath(import.meta.url));

const mixed = () =>
  snapshotOf({
    roles: [
      role(A, 'spark-etl-instance-role', doc(trustService('ec2.amazonaws.com')), [
        doc(allow('sts:AssumeRole', roleArn(B, 'spark-etl-s3-role'))),
      ]),
      role(B, 'spark-etl-s3-role', doc(trustAws(`arn:aws:iam::${B}:root`))),
      role(B, 'shared-dropbox-role', doc(trustAws('*'))),
      role(B, 'vendor-role', doc(trustAws(`arn:aws:iam::${EXT}:root`))),
    ],
  });

describe('computeFindings', () => {
  it('given an analysis, when its findings are computed, then the engine text caches the rules filled are emptied', () => {
    const findings = analyse(mixed());
    assert.ok(findings.length > 0);
    // Nothing left to drop: computeFindings released them, as buildGraph does for the build's.
    assert.equal(releaseTextMemos(), 0);
  });

  it('given the rule files, when the registry is read, then every rule file is registered once with a unique id', () => {
    const files = readdirSync(join(here, 'rules')).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    assert.equal(RULES.length, files.length);
    assert.equal(new Set(RULE_IDS).size, RULES.length);
    for (const r of RULES) assert.ok((SEVERITIES as readonly string[]).includes(r.severity), r.id);
  });

  it('given several problems, when analysed, then findings are sorted by severity then rule, with ids built from rule and subject', () => {
    const found = analyse(mixed());
    assert.deepEqual([...found].sort(compareFindings), found);
    assert.equal(found[0]?.severity, 'critical');
    for (const f of found) assert.ok(f.id.startsWith(`${f.rule}:`), f.id);
    assert.deepEqual(
      new Set(found.map((f) => f.rule)),
      new Set(['broad-trust', 'cross-account-no-external-id', 'missing-trust', 'unused-role']),
    );
  });

  it('given the same input twice, when analysed, then the findings are identical', () => {
    assert.deepEqual(analyse(mixed()), analyse(mixed()));
  });

  it('given a rule filter, when analysed, then only that rule runs', () => {
    const found = analyse(mixed(), [], ['missing-trust']);
    assert.deepEqual(
      found.map((f) => f.rule),
      ['missing-trust'],
    );
  });

  it('given an empty snapshot or invalid policy documents, when analysed, then nothing throws and invalid trust allows nothing', () => {
    assert.deepEqual(analyse(snapshotOf({})), []);
    const broken = role(B, 'broken-role', 'not json at all {');
    const found = analyse(snapshotOf({ roles: [broken, role(B, 'other', { Statement: 42 })] }));
    assert.ok(
      found.every((f) => f.rule !== 'broad-trust' && !f.id.startsWith('rule-error')),
      JSON.stringify(found.map((f) => f.id)),
    );
  });
});

describe('idHeads', () => {
  it('given any ids and texts, when asked whether an id starts with the text and "#", then it answers as a scan of every id', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '#', ':'), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(text, { maxLength: 12 }), fc.array(text, { maxLength: 12 }), (ids, asked) => {
        const heads = idHeads(ids);
        for (const r of [...asked, ...ids])
          assert.equal(
            heads.has(r),
            ids.some((id) => id.startsWith(`${r}#`)),
            `${JSON.stringify(ids)} ${r}`,
          );
      }),
    );
  });
});
