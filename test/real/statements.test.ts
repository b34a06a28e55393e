/**
 * Golden tests on statements copied from the Doris, StarRocks, Trino, Hadoop and Iceberg documentation
 * (test/fixtures/real/statements/README.md). Expectations are written by hand from those documents and
 * the AWS IAM rules: what each text is, the chains it implies with their credentials, actions and
 * locations; that the documents' malformed ARNs are refused with what is wrong; then, with the
 * documents' placeholders replaced by the hand-made estate's names (statements-world.ts), that every
 * chain works, and that each mutation of the estate breaks exactly the step it should — and no other.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CheckOutcome } from '../../lib/app/check';
import { CheckInput, runCheck } from '../../lib/app/check';
import { readStatement } from '../../lib/graph';
import { B } from '../../lib/graph/testkit';
import type { Mutation } from './statements-world';
import {
  BUCKET,
  CLUSTER,
  EXT_ID,
  EXT_ROLE,
  KEY_ID,
  PLAIN_ROLE,
  PROFILE,
  REGION,
  USER,
  world,
} from './statements-world';

const DIR = join(process.cwd(), 'test/fixtures/real/statements');
const READ = ['s3:GetObject', 's3:ListBucket'];
const RW = ['s3:PutObject', 's3:GetObject', 's3:ListBucket', 's3:DeleteObject'];
const WRITE = ['s3:PutObject', 's3:AbortMultipartUpload'];
const GLUE = [
  'glue:GetDatabase',
  'glue:GetDatabases',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetPartitions',
];

type Actor = 'ext' | 'plain' | 'instance' | 'user';
interface Planned {
  label: string;
  credentials: string;
  actions: string[];
  resource?: string;
}
interface Case {
  file: string;
  kind: string;
  engine: string;
  form: string;
  /** The statement as the docs print it is refused: placeholder or malformed ARN. */
  refused?: RegExp;
  /** Verbatim, with the estate as source: never `works` (an unknown key is not checked; a role the
   *  cluster may not assume breaks step 1). */
  verbatim?: 'incomplete' | 'broken';
  planned: Planned[];
  subst: [string, string][];
  /** Who acts on the resource in each chain, in order, once substituted. */
  actors: Actor[];
  /** A resource to give when the statement names none. */
  resource?: string;
}

const DORIS_ROLE: [string, string][] = [
  ['<your-target-role-arn>', EXT_ROLE],
  ['<your-external-id>', EXT_ID],
];

const CASES: Case[] = [
  {
    file: 'doris/s3-load-assumed-role.sql',
    kind: 'sql',
    engine: 'doris',
    form: 's3-load',
    refused: /placeholder/,
    planned: [
      {
        label: 'S3',
        credentials: 'assumed-role',
        actions: READ,
        resource: 's3://your_bucket_name/s3load_example.csv',
      },
    ],
    subst: [...DORIS_ROLE, ['your_bucket_name', BUCKET]],
    actors: ['ext'],
  },
  {
    file: 'doris/tvf-assumed-role.sql',
    kind: 'sql',
    engine: 'doris',
    form: 'table-function',
    refused: /placeholder/,
    planned: [
      {
        label: 'S3',
        credentials: 'assumed-role',
        actions: READ,
        resource: 's3://your_bucket/path/to/tvf_test/test.parquet',
      },
    ],
    subst: [...DORIS_ROLE, ['your_bucket', BUCKET]],
    actors: ['ext'],
  },
  {
    file: 'doris/catalog-assumed-role.sql',
    kind: 'sql',
    engine: 'doris',
    form: 'external-catalog',
    refused: /placeholder/,
    planned: [
      { label: 'S3', credentials: 'assumed-role', actions: READ, resource: 's3://your_bucket/dir/key/' },
    ],
    subst: [...DORIS_ROLE, ['your_bucket', BUCKET]],
    actors: ['ext'],
  },
  {
    file: 'doris/storage-vault-assumed-role.sql',
    kind: 'sql',
    engine: 'doris',
    form: 'storage-vault',
    refused: /placeholder/,
    planned: [
      {
        label: 'S3',
        credentials: 'assumed-role',
        actions: RW,
        resource: 's3://<your-bucket>/s3_demo_vault_prefix/',
      },
    ],
    subst: [...DORIS_ROLE, ['<your-bucket>', BUCKET]],
    actors: ['ext'],
  },
  {
    file: 'doris/export-assumed-role.sql',
    kind: 'sql',
    engine: 'doris',
    form: 'export',
    refused: /placeholder/,
    planned: [
      { label: 'S3', credentials: 'assumed-role', actions: WRITE, resource: 's3://your_bucket/a/b/c/' },
    ],
    subst: [...DORIS_ROLE, ['your_bucket', BUCKET]],
    actors: ['ext'],
  },
  {
    file: 'doris/repository-assumed-role.sql',
    kind: 'sql',
    engine: 'doris',
    form: 'repository',
    refused: /placeholder/,
    planned: [
      { label: 'S3', credentials: 'assumed-role', actions: RW, resource: 's3://your_bucket/s3_repo/' },
    ],
    subst: [...DORIS_ROLE, ['your_bucket', BUCKET]],
    actors: ['ext'],
  },
  {
    file: 'doris/resource-assumed-role.sql',
    kind: 'sql',
    engine: 'doris',
    form: 'resource',
    refused: /placeholder/,
    planned: [{ label: 'S3', credentials: 'assumed-role', actions: RW, resource: 's3://<your-bucket>/' }],
    subst: [...DORIS_ROLE, ['<your-bucket>', BUCKET]],
    actors: ['ext'],
  },
  {
    file: 'doris/s3-load-iam-user.sql',
    kind: 'sql',
    engine: 'doris',
    form: 's3-load',
    verbatim: 'incomplete',
    planned: [
      {
        label: 'S3',
        credentials: 'iam-user',
        actions: READ,
        resource: 's3://your_bucket_name/s3load_example.csv',
      },
    ],
    subst: [
      ['<your-access-key>', KEY_ID],
      ['your_bucket_name', BUCKET],
    ],
    actors: ['user'],
  },
  {
    file: 'doris/repository-iam-role-doc.sql',
    kind: 'sql',
    engine: 'doris',
    form: 'repository',
    refused: /'1234567890' has 10 digits; an AWS account id has exactly 12/,
    planned: [{ label: 'S3', credentials: 'assumed-role', actions: RW, resource: 's3://bucket/path/' }],
    subst: [
      ['arn:aws:iam::1234567890:role/doris-s3-role', EXT_ROLE],
      ['doris-external-id', EXT_ID],
      ['s3://bucket/', `s3://${BUCKET}/`],
    ],
    actors: ['ext'],
  },
  {
    file: 'starrocks/hive-glue-instance-profile.sql',
    kind: 'sql',
    engine: 'starrocks',
    form: 'external-catalog',
    verbatim: 'incomplete',
    planned: [
      { label: 'S3', credentials: 'instance-profile', actions: READ },
      { label: 'Glue', credentials: 'instance-profile', actions: GLUE, resource: 'glue:catalog' },
    ],
    subst: [],
    actors: ['instance', 'instance'],
    resource: `s3://${BUCKET}/warehouse/`,
  },
  {
    file: 'starrocks/hive-glue-assumed-role.sql',
    kind: 'sql',
    engine: 'starrocks',
    form: 'external-catalog',
    verbatim: 'broken',
    planned: [
      { label: 'S3', credentials: 'assumed-role', actions: READ },
      { label: 'Glue', credentials: 'assumed-role', actions: GLUE, resource: 'glue:catalog' },
    ],
    subst: [
      ['arn:aws:iam::081976408565:role/test_s3_role', PLAIN_ROLE],
      ['arn:aws:iam::081976408565:role/test_glue_role', PLAIN_ROLE],
    ],
    actors: ['plain', 'plain'],
    resource: `s3://${BUCKET}/warehouse/`,
  },
  {
    file: 'starrocks/hive-hms-iam-user.sql',
    kind: 'sql',
    engine: 'starrocks',
    form: 'external-catalog',
    verbatim: 'incomplete',
    planned: [{ label: 'S3', credentials: 'iam-user', actions: READ }],
    subst: [['<iam_user_access_key>', KEY_ID]],
    actors: ['user'],
    resource: `s3://${BUCKET}/warehouse/`,
  },
  {
    file: 'starrocks/file-external-table-assumed-role.sql',
    kind: 'sql',
    engine: 'starrocks',
    form: 'file-external-table',
    verbatim: 'broken',
    planned: [{ label: 'S3', credentials: 'assumed-role', actions: READ, resource: 's3://starrocks-test/' }],
    subst: [
      ['arn:aws:iam::081976408565:role/test_s3_role', PLAIN_ROLE],
      ['starrocks-test', BUCKET],
    ],
    actors: ['plain'],
  },
  {
    file: 'starrocks/insert-into-files-iam-user.sql',
    kind: 'sql',
    engine: 'starrocks',
    form: 'files-unload',
    verbatim: 'incomplete',
    planned: [
      { label: 'S3', credentials: 'iam-user', actions: WRITE, resource: 's3://mybucket/unload/data1/' },
    ],
    subst: [
      ['xxxxxxxxxx', KEY_ID],
      ['mybucket', BUCKET],
    ],
    actors: ['user'],
  },
  {
    file: 'starrocks/pipe-iam-user.sql',
    kind: 'sql',
    engine: 'starrocks',
    form: 'pipe',
    verbatim: 'incomplete',
    planned: [
      {
        label: 'S3',
        credentials: 'iam-user',
        actions: READ,
        resource: 's3://starrocks-examples/user-behavior-10-million-rows/',
      },
    ],
    subst: [
      ['AAAAAAAAAAAAAAAAAAAA', KEY_ID],
      ['starrocks-examples', BUCKET],
    ],
    actors: ['user'],
  },
  {
    file: 'starrocks/broker-load-iam-user.sql',
    kind: 'sql',
    engine: 'starrocks',
    form: 's3-load',
    verbatim: 'incomplete',
    planned: [
      {
        label: 'S3',
        credentials: 'iam-user',
        actions: READ,
        resource: 's3://starrocks-datasets/user_behavior_sample_data.parquet',
      },
    ],
    subst: [
      ['AAAAAAAAAAAAAAAAAAAA', KEY_ID],
      ['starrocks-datasets', BUCKET],
    ],
    actors: ['user'],
  },
  {
    file: 'starrocks/storage-volume-iam-user.sql',
    kind: 'sql',
    engine: 'starrocks',
    form: 'storage-vault',
    verbatim: 'incomplete',
    planned: [{ label: 'S3', credentials: 'iam-user', actions: RW, resource: 's3://defaultbucket/test/' }],
    subst: [
      ['xxxxxxxxxx', KEY_ID],
      ['defaultbucket', BUCKET],
      ['us-west-2', REGION],
    ],
    actors: ['user'],
  },
  {
    file: 'starrocks/file-external-table-11-digit.sql',
    kind: 'sql',
    engine: 'starrocks',
    form: 'file-external-table',
    refused: /'51234343412' has 11 digits/,
    planned: [
      { label: 'S3', credentials: 'assumed-role', actions: READ, resource: 's3://bucket-test/folder1/' },
    ],
    subst: [
      ['arn:aws:iam::51234343412:role/role_name_in_aws_iam', PLAIN_ROLE],
      ['bucket-test', BUCKET],
    ],
    actors: ['plain'],
  },
  {
    file: 'trino/hive-glue-iam-role.properties',
    kind: 'properties',
    engine: 'trino',
    form: 'trino-catalog',
    verbatim: 'broken',
    planned: [
      { label: 'S3', credentials: 'assumed-role', actions: READ },
      { label: 'Glue', credentials: 'assumed-role', actions: GLUE, resource: 'glue:catalog' },
    ],
    subst: [
      ['arn:aws:iam::123456789101:role/test_path', EXT_ROLE],
      ['arn:aws:iam::123456789101:role/glue-reader', EXT_ROLE],
      ['trino-s3-external-id', EXT_ID],
      ['trino-glue-external-id', EXT_ID],
      ['us-east-1', REGION],
      ['999999999999', B],
    ],
    actors: ['ext', 'ext'],
    resource: `s3://${BUCKET}/warehouse/`,
  },
  {
    file: 'hadoop/core-site-assumed-role.xml',
    kind: 'core-site-xml',
    engine: 'hadoop',
    form: 'hadoop-s3a',
    refused: /'90066806600238' has 14 digits/,
    planned: [{ label: 'S3', credentials: 'assumed-role', actions: READ }],
    subst: [['arn:aws:iam::90066806600238:role/s3-restricted', PLAIN_ROLE]],
    actors: ['plain'],
    resource: `s3://${BUCKET}/data/`,
  },
  {
    file: 'iceberg/spark-sql-assume-role.conf',
    kind: 'spark-defaults',
    engine: 'iceberg',
    form: 'iceberg-catalog',
    refused: /'123456789' has 9 digits/,
    planned: [
      {
        label: 'S3 (catalog my_catalog)',
        credentials: 'assumed-role',
        actions: READ,
        resource: 's3://my-bucket/my/key/prefix/',
      },
      {
        label: 'Glue (catalog my_catalog)',
        credentials: 'assumed-role',
        actions: GLUE,
        resource: 'glue:catalog',
      },
    ],
    subst: [
      ['arn:aws:iam::123456789:role/myRoleToAssume', PLAIN_ROLE],
      ['my-bucket', BUCKET],
      ['ap-northeast-1', REGION],
    ],
    actors: ['plain', 'plain'],
  },
];

const ACTOR_ARN: Record<Actor, string> = { ext: EXT_ROLE, plain: PLAIN_ROLE, instance: CLUSTER, user: USER };

function check(text: string, m: Mutation = {}, extra: Record<string, unknown> = {}): CheckOutcome {
  const input = CheckInput.parse({ text, source: PROFILE, ...extra });
  const r = runCheck(world(m), input);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

const statuses = (o: CheckOutcome, i: number): string[] =>
  o.chains[i]?.result?.steps.map((s) => s.status) ?? [];
const base = (a: Actor): string[] =>
  a === 'ext' || a === 'plain'
    ? ['pass', 'pass', 'pass', 'pass', 'pass']
    : ['pass', 'not-applicable', 'not-applicable', 'pass', 'pass'];
const broken = (a: Actor, step: number): string[] => base(a).map((s, i) => (i === step - 1 ? 'fail' : s));

for (const c of CASES) {
  describe(`documented statement ${c.file}`, () => {
    const text = readFileSync(join(DIR, c.file), 'utf8');
    const fixed = c.subst.reduce((t, [a, b]) => t.split(a).join(b), text);
    const flags = c.resource ? { resource: c.resource } : {};

    it('is read as the kind, engine and form its documentation shows, with every chain it implies', () => {
      const input = CheckInput.parse({ text: fixed, source: PROFILE });
      const r = runCheck(world(), input);
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.equal(r.value.statement?.kind, c.kind);
      assert.equal(r.value.statement?.engine, c.engine);
      assert.equal(r.value.statement?.form, c.form);
      assert.equal(r.value.chains.length, c.planned.length);
      c.planned.forEach((p, i) => {
        const got = r.value.chains[i];
        assert.equal(got?.label, p.label);
        assert.equal(got?.credentials, p.credentials);
        assert.deepEqual(got?.request.actions, p.actions);
      });
      // Locations are read from the statement as written, before the estate's names are put in.
      const planned = readStatement(text);
      assert.ok(planned.ok);
      if (planned.ok)
        c.planned.forEach((p, i) => assert.equal(planned.value.chains[i]?.resource, p.resource, p.label));
    });

    if (c.refused)
      it('as printed in the documentation, is refused with exactly what is wrong with its role ARN', () => {
        const r = runCheck(world(), CheckInput.parse({ text, source: PROFILE }));
        assert.equal(r.ok, false);
        if (!r.ok) {
          assert.equal(r.error.code, 'bad_arn');
          assert.match(r.error.message, c.refused as RegExp);
        }
      });
    if (c.verbatim)
      it(`as printed, against the estate, is ${c.verbatim}, never reported as working`, () => {
        const r = runCheck(world(), CheckInput.parse({ text, source: PROFILE }));
        assert.ok(r.ok);
        if (r.ok) assert.equal(r.value.verdict, c.verbatim, r.value.summary);
      });

    it('with the estate’s names, works: every chain passes every step', () => {
      const o = check(fixed, {}, flags);
      c.actors.forEach((a, i) => assert.deepEqual(statuses(o, i), base(a), `${o.chains[i]?.label}`));
      assert.equal(o.verdict, 'works', o.summary);
    });

    it('step 1 breaks alone when the source cannot get there', () => {
      const assumes = c.actors.some((a) => a === 'ext' || a === 'plain');
      const fromProfile = c.actors.some((a) => a !== 'user');
      if (assumes) {
        const o = check(fixed, { noAssume: true }, flags);
        c.actors.forEach((a, i) =>
          assert.deepEqual(statuses(o, i), a === 'ext' || a === 'plain' ? broken(a, 1) : base(a)),
        );
        assert.equal(o.verdict, 'broken');
      }
      if (fromProfile) {
        const o = check(fixed, { noEc2Trust: true }, flags);
        c.actors.forEach((a, i) => assert.deepEqual(statuses(o, i), a === 'user' ? base(a) : broken(a, 1)));
      }
      if (c.actors.includes('user')) {
        const o = check(fixed, { unknownKey: true }, flags);
        assert.equal(o.verdict, 'incomplete');
        assert.match(
          o.chains[c.actors.indexOf('user')]?.notChecked ?? '',
          /AKIA…MPLE is not in the snapshot/,
        );
        assert.doesNotMatch(JSON.stringify(o), /AKIAIOSFODNN7EXAMPLE/);
      }
    });

    if (c.actors.some((a) => a === 'ext' || a === 'plain')) {
      it('step 2 breaks alone when the trust does not admit the source (ExternalId or principal)', () => {
        const o = check(fixed, { otherTrust: true }, flags);
        c.actors.forEach((a, i) =>
          assert.deepEqual(statuses(o, i), a === 'ext' || a === 'plain' ? broken(a, 2) : base(a)),
        );
      });
      it('step 3 breaks alone when a chained session asks for two hours', () => {
        const o = check(fixed, {}, { ...flags, durationSeconds: 7200 });
        c.actors.forEach((a, i) =>
          assert.deepEqual(statuses(o, i), a === 'ext' || a === 'plain' ? broken(a, 3) : base(a)),
        );
      });
    }

    it('step 4 breaks alone, naming the action, when one required action is not granted', () => {
      c.planned.forEach((p, i) => {
        const dropped = p.actions[p.actions.length - 1] as string;
        const o = check(fixed, { dropAction: dropped }, flags);
        const four = o.chains[i]?.result?.steps[3];
        assert.equal(four?.status, 'fail', `${p.label} without ${dropped}`);
        assert.deepEqual(
          four?.actions?.filter((x) => x.status !== 'pass').map((x) => x.action),
          [dropped],
        );
        assert.deepEqual(statuses(o, i), broken(c.actors[i] as Actor, 4));
      });
    });

    it('step 5 breaks alone when the bucket or catalog policy denies the principal that acts', () => {
      for (const actor of new Set(c.actors)) {
        const o = check(fixed, { denyResource: ACTOR_ARN[actor] }, flags);
        c.actors.forEach((a, i) => {
          if (a === actor) assert.deepEqual(statuses(o, i), broken(a, 5), `${o.chains[i]?.label}`);
        });
      }
    });
  });
}

describe('documented statement trino/hive-glue-iam-role.properties, catalog in another account', () => {
  it('leaves step 5 of the Glue chain unknown while the catalog’s account 999999999999 is not loaded', () => {
    const text = readFileSync(join(DIR, 'trino/hive-glue-iam-role.properties'), 'utf8');
    const subst =
      CASES.find((c) => c.file.startsWith('trino/'))?.subst.filter(([a]) => a !== '999999999999') ?? [];
    const fixed = subst.reduce((t, [a, b]) => t.split(a).join(b), text);
    const o = check(fixed, {}, { resource: `s3://${BUCKET}/warehouse/` });
    const glue = o.chains.find((c) => c.label === 'Glue');
    assert.equal(glue?.request.resource, `arn:aws:glue:${REGION}:999999999999:catalog`);
    assert.equal(glue?.result?.steps[4]?.status, 'conditional');
    assert.match(glue?.result?.steps[4]?.reasons[0]?.message ?? '', /account 999999999999/);
    // The estate's role is granted Glue only on its own account's catalog, so step 4 fails as well.
    assert.equal(glue?.result?.steps[3]?.status, 'fail');
    assert.equal(o.verdict, 'broken');
  });
});
