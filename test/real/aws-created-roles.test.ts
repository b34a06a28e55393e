/**
 * Roles AWS creates to manage an account from the organisation, on a public account's real trusts.
 *
 * Read off `cloudsplaining_examples_example.json` by hand: `OrganizationAccountAccessRole` trusts
 * `arn:aws:iam::072528804237:root`, and `stacksets-exec-b5520cb2730c2f54b523d6375a319abb` trusts
 * 072528804237's `AWSServiceRoleForCloudFormationStackSetsOrgAdmin` — the shapes the AWS Organizations
 * and CloudFormation StackSets documentation give for the management account. The file carries no
 * Organizations data, so whether 072528804237 is that account is unknown.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { computeFindings } from '../../lib/findings';
import { buildGraph } from '../../lib/graph/build';
import { loadFromPaths } from '../../lib/sources/load';

const FILE = join(import.meta.dirname, '../fixtures/real/authz/cloudsplaining_examples_example.json');
const MANAGEMENT = '072528804237';

async function findingsOf(orgMembers?: string[]) {
  const { snapshot } = await loadFromPaths([FILE]);
  if (orgMembers) snapshot.accounts = orgMembers.map((id) => ({ id, status: 'ACTIVE' }));
  const graph = buildGraph(snapshot);
  return {
    graph,
    findings: computeFindings({ snapshot, graph }).filter((f) => f.rule === 'cross-account-no-external-id'),
  };
}

describe('real authz: AWS-created roles', () => {
  test('without Organizations data, both are explained, low, and name list-accounts; neither is called a third party', async () => {
    const { findings } = await findingsOf();
    assert.deepEqual(
      findings.map((f) => [f.nodes[0]?.split('/').pop(), f.severity]),
      [
        ['OrganizationAccountAccessRole', 'low'],
        ['stacksets-exec-b5520cb2730c2f54b523d6375a319abb', 'low'],
      ],
    );
    for (const f of findings) {
      assert.match(f.message, /not known to be in your organisation/);
      assert.doesNotMatch(f.message, /third party|outside the organisation/);
      assert.match(f.message, /aws organizations list-accounts/);
    }
    assert.match(findings[0]?.message ?? '', /AWS Organizations creates this role/);
    assert.match(findings[1]?.message ?? '', /CloudFormation StackSets creates this role/);
  });

  test('with Organizations data listing the trusted account, both are info', async () => {
    const { findings } = await findingsOf(['200611803367', MANAGEMENT]);
    assert.deepEqual(
      findings.map((f) => f.severity),
      ['info', 'info'],
    );
  });

  test('with Organizations data that does not list it, both are high', async () => {
    const { findings } = await findingsOf(['200611803367']);
    assert.deepEqual(
      findings.map((f) => f.severity),
      ['high', 'high'],
    );
  });

  test('the Identity Center, Organizations and StackSets roles carry who created them on their node', async () => {
    const { graph } = await findingsOf();
    const by = (name: string) =>
      graph.nodes.find((n) => n.kind === 'role' && n.label === name)?.meta?.awsCreatedBy;
    assert.equal(by('AWSReservedSSO_AdministratorAccess_dc6414f7f2ab04fc'), 'IAM Identity Center');
    assert.equal(by('AWSReservedSSO_ViewOnlyAccess_0ace44bbc7092ea8'), 'IAM Identity Center');
    assert.equal(by('OrganizationAccountAccessRole'), 'AWS Organizations');
    assert.equal(by('stacksets-exec-b5520cb2730c2f54b523d6375a319abb'), 'CloudFormation StackSets');
    assert.equal(by('privesc-sre-role'), undefined);
  });
});
