import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { memoryIo } from '../io';
import { run } from './analyze';

/** A get-account-authorization-details document as the AWS CLI prints it: one role trusting every AWS principal. */
function folderWithOpenRole(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-analyze-'));
  const details = {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: [
      {
        Path: '/',
        RoleName: 'shared-dropbox-role',
        RoleId: 'AROAEXAMPLEOPEN00001',
        Arn: 'arn:aws:iam::222222222222:role/shared-dropbox-role',
        CreateDate: '2024-01-01T00:00:00Z',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
        },
        InstanceProfileList: [],
        RolePolicyList: [],
        AttachedManagedPolicies: [],
        Tags: [],
        RoleLastUsed: {},
      },
    ],
    Policies: [],
  };
  writeFileSync(join(dir, 'get-account-authorization-details.json'), JSON.stringify(details));
  return dir;
}

describe('rolechain analyze', () => {
  it('given the demo, when run with --format json, then it prints the graph summary and findings, each with a fix', async () => {
    const io = memoryIo();
    const code = await run(['--format', 'json'], io);
    assert.equal(code, 0, io.stderr);
    const out = JSON.parse(io.stdout) as {
      graph: {
        nodes: { total: number; byKind: Record<string, number> };
        edges: { byKind: Record<string, number> };
      };
      findings: { rule: string; fix?: unknown }[];
    };
    assert.ok(out.graph.nodes.total > 0);
    assert.ok((out.graph.nodes.byKind.role ?? 0) > 10);
    assert.ok((out.graph.edges.byKind['can-assume'] ?? 0) > 0);
    assert.ok(out.findings.some((f) => f.rule === 'missing-trust'));
    assert.ok(
      out.findings.every((f) => f.fix !== undefined),
      'every finding on the demo carries a fix',
    );
  });

  it('given a folder of files and --fail-on critical, when a critical finding exists, then it prints the table and exits 1', async () => {
    const io = memoryIo();
    const code = await run(['--snapshot', folderWithOpenRole(), '--fail-on', 'critical'], io);
    assert.equal(code, 1, io.stderr);
    assert.match(io.stdout, /^graph: \d+ nodes \(/);
    assert.match(io.stdout, /CRITICAL broad-trust/);
    assert.match(io.stdout, /\$ aws iam update-assume-role-policy --role-name shared-dropbox-role/);
  });

  it("given --format sarif and --rule, when run, then it prints SARIF 2.1.0 with that rule's results only", async () => {
    const io = memoryIo();
    const code = await run(
      ['--snapshot', folderWithOpenRole(), '--format', 'sarif', '--rule', 'broad-trust'],
      io,
    );
    assert.equal(code, 0);
    const sarif = JSON.parse(io.stdout) as { version: string; runs: { results: { ruleId: string }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(
      sarif.runs[0]?.results.map((r) => r.ruleId),
      ['broad-trust'],
    );
  });

  it('given bad input, when run, then it exits 2 with a clear message', async () => {
    const cases: [string[], RegExp][] = [
      [['--format', 'xml'], /--format is table, json or sarif, not 'xml'/],
      [['--fail-on', 'severe'], /--fail-on is one of critical, high, medium, low, info/],
      [['--rule', 'no-such-rule'], /unknown rule no-such-rule/],
      [['--snapshot', '/nonexistent/rolechain'], /not found: \/nonexistent\/rolechain/],
      [['--snapshot', mkdtempSync(join(tmpdir(), 'rolechain-empty-'))], /no IAM data in/],
      [['--bogus'], /Unknown option/],
    ];
    for (const [args, message] of cases) {
      const io = memoryIo();
      assert.equal(await run(args, io), 2, args.join(' '));
      assert.match(io.stderr, message);
    }
  });
});
