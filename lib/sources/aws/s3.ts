/**
 * S3 of one account: every bucket the account owns (ListBuckets), with its region, policy and
 * Block Public Access settings. All buckets rather than only those policies name: a bucket no
 * identity policy names can still be opened to another account by its own policy, and a
 * wildcard resource (`arn:aws:s3:::*`) names them all anyway. `maxBuckets` bounds the calls.
 */
import type { Bucket as SdkBucket } from '@aws-sdk/client-s3';
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
} from '@aws-sdk/client-s3';
import { readBucketEncryption } from '../kms';
import { readBucketLocation, readListBuckets, readPolicyString, readPublicAccessBlock } from '../s3';
import type { AccountContext } from './context';
import { jsonify, mapLimit, noteGap, tryCall } from './context';

export async function collectBuckets(ctx: AccountContext): Promise<void> {
  const action = 's3:ListAllMyBuckets';
  const s3 = ctx.clients('s3', ctx.opts.homeRegion);
  const all: SdkBucket[] = [];
  let token: string | undefined;
  for (let page = 1; page <= 1000; page++) {
    const r = await tryCall(ctx, action, '', (abortSignal) =>
      s3.send(new ListBucketsCommand({ MaxBuckets: 1000, ...(token ? { ContinuationToken: token } : {}) }), {
        abortSignal,
      }),
    );
    if (!r.ok) return;
    all.push(...(r.value.Buckets ?? []));
    if (!r.value.ContinuationToken || r.value.ContinuationToken === token) break;
    token = r.value.ContinuationToken;
  }
  const listed = readListBuckets(jsonify({ Buckets: all }), `aws:${ctx.account}:${action}`);
  for (const w of listed.warnings) ctx.warn(w);
  let buckets = listed.value ?? [];
  if (buckets.length > ctx.opts.maxBuckets) {
    const message = `account ${ctx.account} has ${buckets.length} buckets; the policies of the first ${ctx.opts.maxBuckets} (by name) were collected`;
    ctx.warn({ source: action, code: 'truncated', message });
    noteGap(ctx, action, { call: action, code: 'truncated', message });
    buckets = [...buckets].sort((a, b) => (a.name < b.name ? -1 : 1)).slice(0, ctx.opts.maxBuckets);
  }
  let done = 0;
  await mapLimit(buckets, ctx.opts.concurrency, async (b) => {
    await collectBucket(ctx, b.name, b.region);
    done++;
    if (done % 25 === 0 || done === buckets.length)
      ctx.progress('s3', `bucket policies: ${done} of ${buckets.length} buckets`, {
        api: 's3:GetBucketPolicy',
        done,
        total: buckets.length,
      });
  });
}

async function collectBucket(
  ctx: AccountContext,
  name: string,
  listedRegion: string | undefined,
): Promise<void> {
  const bucket = ctx.collector.bucket(name, ctx.account);
  const file = (what: string): string => `aws:${ctx.account}:${what}:${name}`;
  let region = listedRegion;
  if (!region) {
    const action = 's3:GetBucketLocation';
    const r = await tryCall(ctx, action, `on bucket ${name}`, (abortSignal) =>
      ctx
        .clients('s3', ctx.opts.homeRegion)
        .send(new GetBucketLocationCommand({ Bucket: name }), { abortSignal }),
    );
    if (r.ok) {
      const loc = readBucketLocation(jsonify(r.value), file(action));
      for (const w of loc.warnings) ctx.warn(w);
      region = loc.value;
    }
  }
  if (region) bucket.region = region;
  const s3 = ctx.clients('s3', region ?? ctx.opts.homeRegion);

  const policyAction = 's3:GetBucketPolicy';
  const policy = await tryCall(ctx, policyAction, `on bucket ${name}`, (abortSignal) =>
    s3.send(new GetBucketPolicyCommand({ Bucket: name }), { abortSignal }),
  );
  if (policy.ok && policy.value.Policy !== undefined) {
    const doc = readPolicyString(jsonify(policy.value), file(policyAction), 'bucket policy');
    for (const w of doc.warnings) ctx.warn(w);
    if (doc.value) bucket.policy = doc.value;
  }

  const pabAction = 's3:GetBucketPublicAccessBlock';
  const pab = await tryCall(ctx, pabAction, `on bucket ${name}`, (abortSignal) =>
    s3.send(new GetPublicAccessBlockCommand({ Bucket: name }), { abortSignal }),
  );
  if (pab.ok && pab.value.PublicAccessBlockConfiguration) {
    const v = readPublicAccessBlock(jsonify(pab.value), file(pabAction));
    for (const w of v.warnings) ctx.warn(w);
    if (v.value) bucket.publicAccessBlock = v.value;
  }

  // Which KMS key (if any) encrypts new objects: the checker's step 5 then needs that key's policy too.
  const encAction = 's3:GetEncryptionConfiguration';
  const enc = await tryCall(ctx, encAction, `on bucket ${name}`, (abortSignal) =>
    s3.send(new GetBucketEncryptionCommand({ Bucket: name }), { abortSignal }),
  );
  if (enc.ok) {
    const v = readBucketEncryption(jsonify(enc.value), file(encAction));
    for (const w of v.warnings) ctx.warn(w);
    if (v.value) bucket.encryption = v.value;
  } else if (enc.failure.kind === 'not-found') bucket.encryption = { algorithm: 'none' };
}
