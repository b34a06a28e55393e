import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES, toSarif } from './index';
import { pathOf } from './sarif';
import { B, EXT, analyse, doc, role, snapshotOf, trustAws } from './testkit';

describe('pathOf', () => {
  it('given resources of each kind, when located, then each gets a stable repository-relative path', () => {
    assert.equal(
      pathOf('arn:aws:iam::111111111111:role/data/etl-role'),
      'aws/111111111111/iam/role/data/etl-role',
    );
    assert.equal(pathOf('s3://finance-reports'), 'aws/s3/finance-reports');
    assert.equal(pathOf('arn:aws:s3:::finance-reports'), 'aws/global/s3/finance-reports');
    assert.equal(pathOf('i-0ba8ea4118138c74a', '111111111111'), 'aws/111111111111/i-0ba8ea4118138c74a');
  });
});

describe('toSarif', () => {
  it('given findings, when converted, then it is SARIF 2.1.0 with every rule and one result per finding pointing at its rule', () => {
    const findings = analyse(
      snapshotOf({
        roles: [
          role(B, 'vendor-role', doc(trustAws(`arn:aws:iam::${EXT}:root`))),
          role(B, 'open-role', doc(trustAws('*'))),
        ],
      }),
    );
    const sarif = toSarif(findings, RULES) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          partialFingerprints: Record<string, string>;
          message: { text: string };
        }[];
      }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.ok(run);
    assert.deepEqual(
      run.tool.driver.rules.map((r) => r.id),
      RULES.map((r) => r.id),
    );
    assert.equal(run.results.length, findings.length);
    for (const [i, r] of run.results.entries()) {
      assert.equal(run.tool.driver.rules[r.ruleIndex]?.id, r.ruleId);
      assert.equal(r.partialFingerprints.rolechainFindingId, findings[i]?.id);
    }
    const critical = run.results.find((r) => r.ruleId === 'broad-trust') as
      | ((typeof run.results)[number] & {
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
        })
      | undefined;
    assert.equal(
      critical?.locations[0]?.physicalLocation.artifactLocation.uri,
      'aws/222222222222/iam/role/open-role',
    );
    assert.equal(critical?.level, 'error');
    assert.match(critical?.message.text ?? '', /aws iam update-assume-role-policy --role-name open-role/);
  });
});
