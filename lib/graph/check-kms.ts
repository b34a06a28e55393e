/**
 * Step 5 for an SSE-KMS bucket: reading an object needs `kms:Decrypt` (writing `kms:GenerateDataKey`) on
 * the bucket's key, allowed by the caller's policies *and* by the key policy — which must name the caller
 * or its account (AWS KMS Developer Guide, "Default key policy"). The key is the one the request names,
 * else the bucket's default encryption key, else the one key the role's policies name. A key, an alias or
 * a key policy the snapshot did not read makes the step conditional and names the call that settles it.
 */
import type { Bucket, KmsKey } from '../model';
import { parseArn } from '../model';
import { allowedResourcePatterns } from '../policy';
import type { PolicyInput } from '../policy/types';
import type { ChainStep } from './check-core';
import { decide, note } from './check-core';
import type { ChainCheckRequest, ResolvedResource } from './check-input';
import { isBucketAction } from './check-input';
import { evaluatePrincipal } from './engine';
import type { IamPrincipal, SnapshotIndex } from './snapshot-index';
import { principalAccount } from './snapshot-index';
import { shellQuote } from '../model/shell';

const READS = /^s3:(get|list|head)/i;

/** Where the key came from, for the reason's wording. */
type KeySource = 'request' | 'bucket' | 'role';

/** A key as S3 or a request names it, resolved against the snapshot's keys and aliases. */
export type KeyRef =
  | { kind: 'key'; arn: string; key?: KmsKey }
  | { kind: 'aws-managed'; account: string; region: string }
  | { kind: 'unresolved'; text: string; account: string; region: string };

/**
 * Resolves what S3's `KMSMasterKeyID` (or a request) holds: a key ARN, an alias ARN, a key id or an alias
 * name — the last two in the bucket's account and region.
 */
export function resolveKey(sx: SnapshotIndex, text: string, account: string, region: string): KeyRef {
  const arn = parseArn(text);
  const acct = arn?.account || account;
  const reg = arn?.region || region;
  const resource = arn ? arn.resource : text;
  if (resource.startsWith('key/')) {
    const full = arn ? text : `arn:aws:kms:${reg}:${acct}:${resource}`;
    const key = sx.kmsByArn.get(full);
    return { kind: 'key', arn: full, ...(key ? { key } : {}) };
  }
  if (/^[0-9a-f-]{36}$|^mrk-[0-9a-f]{32}$/i.test(resource)) {
    const full = `arn:aws:kms:${reg}:${acct}:key/${resource}`;
    const key = sx.kmsByArn.get(full);
    return { kind: 'key', arn: full, ...(key ? { key } : {}) };
  }
  if (resource === 'alias/aws/s3') return { kind: 'aws-managed', account: acct, region: reg };
  if (resource.startsWith('alias/')) {
    const key = sx.snapshot.kmsKeys.find(
      (k) => k.account === acct && k.region === reg && (k.aliases ?? []).includes(resource),
    );
    if (key) return { kind: 'key', arn: key.arn, key };
  }
  return { kind: 'unresolved', text, account: acct, region: reg };
}

/** The key that encrypts new objects of the bucket, when its default encryption says SSE-KMS. */
export function bucketKey(
  sx: SnapshotIndex,
  b: Bucket | undefined,
  fallbackRegion: string,
): KeyRef | undefined {
  const e = b?.encryption;
  if (!b || !e || !e.algorithm.startsWith('aws:kms')) return undefined;
  const account = b.account ?? '';
  const region = b.region ?? fallbackRegion;
  if (!e.kmsKeyId) return { kind: 'aws-managed', account, region };
  return resolveKey(sx, e.kmsKeyId, account, region);
}

const keyIdOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

/** Adds the key's verdict to a passing step 5. */
export function withKms(
  sx: SnapshotIndex,
  p: IamPrincipal,
  action: string,
  res: ResolvedResource,
  req: ChainCheckRequest,
  five: ChainStep,
): ChainStep {
  if (isBucketAction(action)) return five;
  const bucket = res.bucket !== undefined ? sx.bucketsByName.get(res.bucket) : undefined;
  const region = res.region ?? bucket?.region ?? 'us-east-1';
  const account = res.account ?? bucket?.account ?? '';
  let ref: KeyRef | undefined;
  let from: KeySource = 'request';
  if (req.kmsKey) ref = resolveKey(sx, req.kmsKey, account, region);
  else if ((ref = bucketKey(sx, bucket, region))) from = 'bucket';
  else {
    const guessed = guessKey(sx, p, res);
    if (guessed) {
      ref = {
        kind: 'key',
        arn: guessed,
        ...(sx.kmsByArn.get(guessed) ? { key: sx.kmsByArn.get(guessed)! } : {}),
      };
      from = 'role';
    }
  }
  if (!ref) return five;
  const kmsAction = READS.test(action) ? 'kms:Decrypt' : 'kms:GenerateDataKey';
  const who = p.kind === 'role' ? p.role.arn : p.user.arn;
  const whence =
    from === 'bucket'
      ? `the bucket's default encryption`
      : from === 'role'
        ? `the key the role's policies name`
        : 'the key given';

  if (ref.kind === 'aws-managed') {
    // The AWS managed key aws/s3 allows every principal of its own account through S3 (kms:CallerAccount,
    // kms:ViaService) and no one else; its policy cannot be changed (AWS KMS Developer Guide, "AWS managed keys").
    const same = principalAccount(p) === ref.account;
    return {
      ...five,
      status: same ? five.status : 'fail',
      reasons: [
        ...five.reasons,
        note(
          'resource',
          `AWS managed key aws/s3 of ${ref.account}`,
          same ? 'applies' : 'missing',
          same
            ? `objects are encrypted with the AWS managed key aws/s3 (${whence}); its key policy lets every principal of account ${ref.account} use it through S3`
            : `objects are encrypted with the AWS managed key aws/s3 of account ${ref.account} (${whence}): only that account's principals can decrypt them, and its key policy cannot be changed`,
        ),
      ],
      ...(same
        ? {}
        : {
            fix: `re-encrypt the bucket's objects with a customer managed key whose key policy allows ${kmsAction} for ${who}, and set it as the bucket's default encryption`,
          }),
    };
  }

  if (ref.kind === 'unresolved') {
    const settle = `aws kms list-aliases --region ${shellQuote(ref.region)} in account ${ref.account} (kms:ListAliases)`;
    return unknown(
      five,
      ref.text,
      `objects are encrypted with ${ref.text} (${whence}), which names no key in the snapshot: ${kmsAction} could not be checked; ${settle} says which key it is`,
    );
  }

  const key = ref.key;
  if (key?.policy === undefined) {
    const where = key
      ? `${key.account} ${key.region}`
      : `${parseArn(ref.arn)?.account ?? '?'} ${parseArn(ref.arn)?.region ?? '?'}`;
    const [acct, reg] = where.split(' ');
    const settle = `aws kms get-key-policy --key-id ${shellQuote(keyIdOf(ref.arn))} --policy-name default --region ${shellQuote(reg ?? '')} in account ${acct ?? ''} (kms:GetKeyPolicy)`;
    return unknown(
      five,
      ref.arn,
      `objects are encrypted with ${ref.arn} (${whence}), whose key policy ${key ? 'was not read' : 'is not in the snapshot'}: ${kmsAction} for ${who} is unknown; ${settle} settles it`,
    );
  }

  const policy: PolicyInput = { name: `key policy of ${ref.arn}`, arn: ref.arn, document: key.policy };
  const d = decide((mode) =>
    evaluatePrincipal(sx, p, kmsAction, { resource: ref.arn, resourceAccount: key.account, policy }, mode, {
      'kms:ViaService': `s3.${key.region}.amazonaws.com`,
      'kms:CallerAccount': principalAccount(p),
    }),
  );
  const head = note(
    'resource',
    `key policy of ${ref.arn}`,
    d.status === 'pass' ? 'applies' : 'missing',
    `objects are encrypted with ${ref.arn} (${whence}): ${kmsAction} is ${d.status === 'pass' ? 'allowed' : d.status === 'conditional' ? 'allowed only under conditions' : 'not allowed'} by the key policy and ${p.kind === 'role' ? "the role's" : "the user's"} policies together`,
  );
  const status =
    five.status === 'pass'
      ? d.status
      : five.status === 'fail' || d.status === 'fail'
        ? 'fail'
        : 'conditional';
  return {
    ...five,
    status,
    reasons: [
      ...five.reasons,
      { ...head, policy: { kind: 'resource' as const, name: `key policy of ${ref.arn}`, arn: ref.arn } },
      ...d.ev.reasons,
    ],
    ...(d.open ? { openConditions: [...(five.openConditions ?? []), ...d.open] } : {}),
    ...(d.status === 'fail'
      ? {
          fix: `allow ${kmsAction} on ${ref.arn} for ${who}: in the key policy (name the role, or the account ${principalAccount(p)} with an IAM allow), and in the caller's own policies (an explicit Deny in the key policy must be lifted first)`,
        }
      : {}),
  };
}

function unknown(five: ChainStep, name: string, message: string): ChainStep {
  return {
    ...five,
    status: five.status === 'fail' ? 'fail' : 'conditional',
    reasons: [...five.reasons, note('resource', name, 'missing', message)],
  };
}

/** The one KMS key in the snapshot that the role's policies allow Decrypt on, in the bucket's account. */
function guessKey(sx: SnapshotIndex, p: IamPrincipal, res: ResolvedResource): string | undefined {
  const candidates = sx.snapshot.kmsKeys.filter(
    (k) => res.account === undefined || k.account === res.account,
  );
  if (candidates.length === 0) return undefined;
  const patterns = new Set(
    allowedResourcePatterns(sx.identityPolicies(p), 'kms:Decrypt').map((a) => a.pattern),
  );
  const named = candidates.filter((k) => patterns.has(k.arn));
  return named.length === 1 ? named[0]?.arn : undefined;
}
