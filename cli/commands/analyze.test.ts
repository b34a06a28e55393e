import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { memoryIo } from '../io';
import { main } from '../main';
import { run } from './analyze';

// Copies of ../shared/samples (attribution in lib/sources/fixtures/README.md).
const SAMPLES = join(import.meta.dirname, '../../lib/sources/fixtures/samples');

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

  it('given real get-account-authorization-details output and CloudTrail samples, when analysed, then it reads them and reports the roles nobody used', async () => {
    const io = memoryIo();
    const files = [
      join(SAMPLES, 'authz/cloudsplaining_test_example-authz-details.json'),
      join(SAMPLES, 'cloudtrail'),
    ];
    const code = await run(
      [...files.flatMap((f) => ['--snapshot', f]), '--format', 'json', '--fail-on', 'medium'],
      io,
    );
    assert.equal(code, 0, io.stderr);
    const out = JSON.parse(io.stdout) as {
      graph: { nodes: { byKind: Record<string, number> } };
      findings: { id: string }[];
    };
    assert.equal(out.graph.nodes.byKind.role, 3);
    assert.deepEqual(
      out.findings.map((f) => f.id),
      ['MyOtherRole', 'MyRole', 'OverprivilegedEC2'].map(
        (r) => `unused-role:arn:aws:iam::012345678901:role/${r}`,
      ),
    );
  });

  it('given a store filled by rolechain import, when analysed with --store, then it reads the latest snapshot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolechain-analyze-store-'));
    const db = join(dir, 'store.db');
    const imported = memoryIo();
    assert.equal(await main(['import', folderWithOpenRole(), '--store', db], imported), 0, imported.stderr);
    const io = memoryIo();
    assert.equal(await run(['--store', db, '--format', 'json'], io), 0, io.stderr);
    const out = JSON.parse(io.stdout) as { findings: { rule: string }[] };
    assert.deepEqual(
      out.findings.map((f) => f.rule),
      ['broad-trust', 'unused-role'],
    );
  });

  it('given bad input, when run, then it exits 2 with a clear message', async () => {
    const cases: [string[], RegExp][] = [
      [['--format', 'xml'], /--format is table, json or sarif, not 'xml'/],
      [['--fail-on', 'severe'], /--fail-on is one of critical, high, medium, low, info/],
      [['--rule', 'no-such-rule'], /unknown rule no-such-rule/],
      [['--snapshot', '/nonexistent/rolechain'], /\/nonexistent\/rolechain: not found/],
      [['--snapshot', mkdtempSync(join(tmpdir(), 'rolechain-empty-'))], /no IAM data in/],
      [['--bogus'], /Unknown option/],
      [['--store', '/nonexistent/store.db'], /no store at \/nonexistent\/store.db/],
      [['--store', 'x.db', '--snapshot', '.'], /give files \(or --snapshot\) or --store, not both/],
    ];
    for (const [args, message] of cases) {
      const io = memoryIo();
      assert.equal(await run(args, io), 2, args.join(' '));
      assert.match(io.stderr, message);
    }
  });
});
