/**
 * Every command Rolechain prints is safe to paste: run in a real `sh` (and bash, zsh where present)
 * with a stub `aws` that records its argv, the argv is exactly the intended values and nothing else
 * runs. Values come from IAM's and STS's documented character sets (test/fixtures/real/iam-patterns),
 * from free text (tags, descriptions, CloudTrail fields follow no pattern), and from the issue's report.
 * The expected argv of each command is written here by hand from the AWS CLI's syntax.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { runPasted, shells } from '../paste-run';
import { sh } from '../../lib/model/shell';
import { bucketPolicyCli, inlinePolicyCli, managedPolicyCli, trustCli } from '../../lib/findings/patch';
import { actionFix, bucketFix, durationFix, trustFix } from '../../lib/graph/check-fix';
import type { ResolvedResource } from '../../lib/graph/check-input';
import { role } from '../../lib/graph/testkit';
import type { Evaluation } from '../../lib/policy/types';
import { loadFromPaths } from '../../lib/sources/load';
import { buildGraph } from '../../lib/graph';
import { computeFindings } from '../../lib/findings';
import { observationsFromEvents } from '../../lib/findings/observations';

const FIXTURES = join(import.meta.dirname, '../fixtures/real/iam-patterns');
const patterns = JSON.parse(readFileSync(join(FIXTURES, 'patterns.json'), 'utf8')) as {
  iam: Record<string, { pattern: string }>;
  sts: Record<string, { pattern: string }>;
};

/** The characters a bracket class of a pattern admits, read from the pattern text itself. */
function charsOf(pattern: string): string[] {
  const re = new RegExp(`^${pattern.startsWith('[') ? pattern.replace(/[*+]$/, '') : pattern}$`, 'u');
  const out: string[] = [];
  for (let c = 0x20; c <= 0x7f; c++) if (re.test(String.fromCharCode(c))) out.push(String.fromCharCode(c));
  return out;
}

const NAME_CHARS = charsOf(patterns.iam.roleNameType!.pattern);
const EXTERNAL_ID_CHARS = charsOf(patterns.sts.externalIdType!.pattern);
// The path pattern's inner class is \u0021-\u007E; its prose says "through DEL (\u007F)": take the wider.
const PATH_CHARS = Array.from({ length: 0x7f - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i));

const ISSUE_VALUES = ['/$(touch${IFS}x)/', 'prod$(touch\tx)'];
const SHELL_META = [
  ...'$`\'"\\;&|<>(){}[]*?!~#%^=,+@ \t\n\r',
  '\u001b',
  '\u0003',
  '\u0015',
  '\u007f',
  '\u009b',
  '\u202e',
  '\u2028',
  '$(touch x)',
  '`touch x`',
  "';touch x;'",
];

const fromChars = (chars: string[], minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...chars), minLength, maxLength });

const name = fromChars(NAME_CHARS, 1, 64);
const path = fc.oneof(
  fc.constant('/'),
  fromChars(PATH_CHARS, 1, 40).map((p) => `/${p}/`),
  fc.constantFrom(ISSUE_VALUES[0]!),
);
const roleArnOf = fc.tuple(path, name).map(([p, n]) => `arn:aws:iam::111122223333:role${p}${n}`);
const externalId = fc.oneof(fromChars(EXTERNAL_ID_CHARS, 2, 64), fc.constantFrom(ISSUE_VALUES[1]!));
/** Free text: tags, descriptions, CloudTrail fields. Any code point but NUL, which no argument can hold. */
const freeText = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...SHELL_META),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\u0000'),
  ),
  minLength: 0,
  maxLength: 24,
});

/** `--flag value`, or `--flag=value` for a value the AWS CLI would otherwise take for an option. */
const opt = (flag: string, value: string): string[] =>
  value.startsWith('-') ? [`${flag}=${value}`] : [flag, value];
/** A value the AWS CLI would load as a file is not passed (see lib/model/shell.ts). */
const LOADED = /^(file|fileb|https?):\/\//i;
const arg = (value: string): string =>
  LOADED.test(value) ? '<value the AWS CLI would load as a file: give it in --cli-input-json>' : value;

interface Case {
  cli: string;
  argv: string[];
}

const RUNS = 25;

/** Runs every case's command in one script per shell; on a mismatch, names the first case that broke. */
function assertPasteSafe(cases: Case[]): void {
  const script = cases.map((c) => c.cli).join('\n');
  for (const shell of shells()) {
    const r = runPasted(script, shell);
    assert.deepEqual(r.sideEffects, [], `${shell}: files appeared: ${r.stderr}`);
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      assert.deepEqual(r.calls[i], c.argv, `${shell}, command ${i}: ${JSON.stringify(c.cli)}\n${r.stderr}`);
    }
    assert.equal(r.calls.length, cases.length, `${shell}: one aws call per command`);
  }
}

const noReasons: Evaluation = { decision: 'ImplicitDeny', reasons: [], openConditions: [], validation: [] };
const sample = <T>(arb: fc.Arbitrary<T>, seed: number): T[] => fc.sample(arb, { numRuns: RUNS, seed });

describe('fix commands are safe to paste', () => {
  it("given role and policy names from IAM's character set, when the findings' policy commands run, then aws gets exactly them", () => {
    const cases: Case[] = sample(
      fc.tuple(name, name, name, fc.constantFrom<'role' | 'user'>('role', 'user')),
      1,
    ).flatMap(([roleName, owner, policyName, kind]) => {
      const t = trustCli(roleName);
      const p = inlinePolicyCli(kind, owner, policyName);
      const m = managedPolicyCli(`arn:aws:iam::111122223333:policy/${policyName}`, policyName);
      const b = bucketPolicyCli(roleName.toLowerCase());
      return [
        {
          cli: t.cli,
          argv: [
            'iam',
            'update-assume-role-policy',
            ...opt('--role-name', roleName),
            '--policy-document',
            `file://${t.file}`,
          ],
        },
        {
          cli: p.cli,
          argv: [
            'iam',
            `put-${kind}-policy`,
            ...opt(`--${kind}-name`, owner),
            ...opt('--policy-name', policyName),
            '--policy-document',
            `file://${p.file}`,
          ],
        },
        {
          cli: m.cli,
          argv: [
            'iam',
            'create-policy-version',
            '--policy-arn',
            `arn:aws:iam::111122223333:policy/${policyName}`,
            '--policy-document',
            `file://${m.file}`,
            '--set-as-default',
          ],
        },
        {
          cli: b.cli,
          argv: [
            's3api',
            'put-bucket-policy',
            ...opt('--bucket', roleName.toLowerCase()),
            '--policy',
            `file://${b.file}`,
          ],
        },
      ];
    });
    assertPasteSafe(cases);
  });

  it("given role paths, names, ExternalIds and free-text resources, when the chain checker's fixes run, then aws gets exactly them", () => {
    const cases: Case[] = sample(
      fc.tuple(name, roleArnOf, externalId, freeText, fc.integer({ min: 3601, max: 43200 })),
      2,
    ).flatMap(([roleName, callerArn, extId, resource, requested]) => {
      const target = role('111122223333', roleName, {}, [], { maxSessionDuration: 3600 });
      const statement = {
        Sid: 'RolechainFix',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: resource,
      };
      const policy = JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
      const action = actionFix({ kind: 'role', role: target }, 'sts:AssumeRole', resource);
      const actionPrefix = `allow sts:AssumeRole on ${resource} in ${roleName}'s policies: add ${JSON.stringify(statement)} — `;
      assert.ok(action.startsWith(actionPrefix));

      const trustStatement = {
        Sid: 'RolechainFix',
        Effect: 'Allow',
        Principal: { AWS: callerArn },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': extId } },
      };
      const trust = trustFix(target, callerArn, noReasons, extId);
      const trustPrefix = `admit ${callerArn} in the trust policy of ${roleName}: add ${JSON.stringify(trustStatement)} to its Statement list — `;
      assert.ok(trust.startsWith(trustPrefix), trust);

      const duration = durationFix(requested, target, false);
      const durationPrefix = 'request at most 3600 s, or raise the limit: ';
      assert.ok(duration.startsWith(durationPrefix), duration);

      const bucket = roleName.toLowerCase();
      const res: ResolvedResource = { service: 's3', arn: `arn:aws:s3:::${bucket}/*`, bucket, context: {} };
      const grant = bucketFix(res, { kind: 'role', role: target }, 's3:GetObject', noReasons);
      const grantStatement = {
        Sid: 'RolechainFix',
        Effect: 'Allow',
        Principal: { AWS: target.arn },
        Action: 's3:GetObject',
        Resource: res.arn,
      };
      const grantPrefix = `grant ${target.arn} in the bucket policy (a cross-account caller needs both sides): add ${JSON.stringify(grantStatement)} — `;
      assert.ok(grant.startsWith(grantPrefix), grant);

      return [
        {
          cli: action.slice(actionPrefix.length),
          argv: [
            'iam',
            'put-role-policy',
            ...opt('--role-name', roleName),
            '--policy-name',
            'rolechain-fix',
            '--policy-document',
            policy,
          ],
        },
        {
          cli: trust.slice(trustPrefix.length),
          argv: [
            'iam',
            'update-assume-role-policy',
            ...opt('--role-name', roleName),
            '--policy-document',
            'file://trust.json',
          ],
        },
        {
          cli: duration.slice(durationPrefix.length),
          argv: [
            'iam',
            'update-role',
            ...opt('--role-name', roleName),
            '--max-session-duration',
            String(requested),
          ],
        },
        {
          cli: grant.slice(grantPrefix.length),
          argv: ['s3api', 'put-bucket-policy', ...opt('--bucket', bucket), '--policy', 'file://policy.json'],
        },
      ];
    });
    assertPasteSafe(cases);
  });

  it('given a real-shaped account with hostile-but-valid names, when analysed, then every printed fix command gives aws exactly the names and nothing else runs', async () => {
    const analyse = async (files: string[]) => {
      const loaded = await loadFromPaths(
        files.map((f) => join(FIXTURES, f)),
        { source: { kind: 'files', detail: 'iam-patterns' } },
      );
      const graph = buildGraph(loaded.snapshot, { observations: observationsFromEvents(loaded.events) });
      return computeFindings({ snapshot: loaded.snapshot, graph, events: loaded.events });
    };
    // Without CloudTrail both roles count as unused; with it, the first one was tried (denied).
    const findings = [
      ...(await analyse(['hostile-authz-details.json'])).filter((f) => f.rule === 'unused-role'),
      ...(await analyse(['hostile-authz-details.json', 'hostile-cloudtrail.json'])),
    ];
    const cli = (rule: string, subject: string): string => {
      const f = findings.find((x) => x.rule === rule && x.id.includes(subject));
      assert.ok(f?.fix?.cli, `${rule} ${subject}: ${findings.map((x) => x.id).join(', ')}`);
      return f.fix.cli;
    };
    // By hand from hostile-authz-details.json and hostile-cloudtrail.json (see the fixtures' README).
    const role1 = 'arn:aws:iam::111122223333:role/$(touch${IFS}x)/-etl=1,a.b@c+d_e';
    const name1 = '-etl=1,a.b@c+d_e';
    const name2 = '=cmd,+1@x';
    const split = (line: string): string[] => line.split(' && ');
    const cases: Case[] = [
      {
        cli: cli('external-id-mismatch', role1),
        argv: [
          'sts',
          'assume-role',
          '--role-arn',
          role1,
          '--role-session-name',
          'rolechain-check',
          '--external-id',
          'prod$(touch\tx)',
        ],
      },
      {
        cli: cli('denied-attempt', role1),
        argv: [
          'sts',
          'assume-role',
          '--role-arn',
          role1,
          '--role-session-name',
          'rolechain-check',
          '--external-id',
          'prod$(touch\tx)',
        ],
      },
      {
        cli: cli('cross-account-no-external-id', name2),
        argv: [
          'iam',
          'update-assume-role-policy',
          '--role-name',
          name2,
          '--policy-document',
          'file://trust--cmd--1-x.json',
        ],
      },
      ...split(cli('unused-role', name1)).map((c, i) => ({
        cli: c,
        argv: [
          ['iam', 'delete-role-policy', `--role-name=${name1}`, '--policy-name', 'read,=@+.-_s3'],
          ['iam', 'delete-role', `--role-name=${name1}`],
        ][i]!,
      })),
      ...split(cli('unused-role', name2)).map((c, i) => ({
        cli: c,
        argv: [
          [
            'iam',
            'remove-role-from-instance-profile',
            '--instance-profile-name',
            'ip,=+@.-_1',
            '--role-name',
            name2,
          ],
          [
            'iam',
            'detach-role-policy',
            '--role-name',
            name2,
            '--policy-arn',
            'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
          ],
          ['iam', 'delete-role', '--role-name', name2],
        ][i]!,
      })),
    ];
    assertPasteSafe(cases);
    // And each finding's whole command line (joined with &&) runs as one paste.
    for (const f of findings)
      if (f.fix?.cli) assert.deepEqual(runPasted(f.fix.cli).sideEffects, [], f.fix.cli);
  });

  it('given free text (CloudTrail fields, tags, hand-edited files) in every value position, when quoted by the one function, then aws gets it back intact', () => {
    const cases: Case[] = sample(fc.tuple(freeText, freeText), 3).flatMap(([text, other]) => {
      const t = trustCli(text);
      return [
        {
          cli: t.cli,
          argv: [
            'iam',
            'update-assume-role-policy',
            ...opt('--role-name', arg(text)),
            '--policy-document',
            `file://${t.file}`,
          ],
        },
        {
          cli: sh`aws sts assume-role --role-arn ${other} --role-session-name rolechain-check --external-id ${text}`,
          argv: [
            'sts',
            'assume-role',
            ...opt('--role-arn', arg(other)),
            '--role-session-name',
            'rolechain-check',
            ...opt('--external-id', arg(text)),
          ],
        },
      ];
    });
    assertPasteSafe(cases);
  });
});
