/**
 * KMS of one account, per region: every key (`ListKeys`), its key policy (`GetKeyPolicy`, the one
 * policy a key has, named `default`) and its aliases (`ListAliases`). What S3 says about a bucket's
 * key is matched to these in the checker; a key whose policy could not be read stays in the snapshot
 * without one, so a verdict on it is unknown rather than allowed.
 */
import type { KeyListEntry, AliasListEntry } from '@aws-sdk/client-kms';
import { GetKeyPolicyCommand, ListAliasesCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { readListAliases, readListKeys } from '../kms';
import { readPolicyString } from '../s3';
import type { AccountContext } from './context';
import { jsonify, mapLimit, tryCall } from './context';

const MAX_PAGES = 1000;

export async function collectKms(ctx: AccountContext, regions: readonly string[]): Promise<void> {
  let done = 0;
  await mapLimit(regions, ctx.opts.concurrency, async (region) => {
    await collectRegion(ctx, region);
    done++;
    ctx.progress('kms', `KMS keys: ${done} of ${regions.length} regions`, {
      api: 'kms:ListKeys',
      done,
      total: regions.length,
    });
  });
}

async function collectRegion(ctx: AccountContext, region: string): Promise<void> {
  const kms = ctx.clients('kms', region);
  const file = (what: string): string => `aws:${ctx.account}:${region}:${what}`;
  const keys: KeyListEntry[] = [];
  let marker: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const r = await tryCall(
      ctx,
      'kms:ListKeys',
      `in ${region}`,
      (abortSignal) =>
        kms.send(new ListKeysCommand({ Limit: 1000, ...(marker ? { Marker: marker } : {}) }), {
          abortSignal,
        }),
      { region },
    );
    if (!r.ok) return;
    keys.push(...(r.value.Keys ?? []));
    if (!r.value.Truncated || !r.value.NextMarker || r.value.NextMarker === marker) break;
    marker = r.value.NextMarker;
  }
  const listed = readListKeys(jsonify({ Keys: keys }), file('kms:ListKeys'));
  for (const w of listed.warnings) ctx.warn(w);
  for (const k of listed.value ?? [])
    ctx.collector.addKms({
      arn: k.arn ?? `arn:${ctx.partition}:kms:${region}:${ctx.account}:key/${k.id}`,
      account: ctx.account,
      region,
    });

  await mapLimit(listed.value ?? [], ctx.opts.concurrency, async (k) => {
    const arn = k.arn ?? `arn:${ctx.partition}:kms:${region}:${ctx.account}:key/${k.id}`;
    const r = await tryCall(
      ctx,
      'kms:GetKeyPolicy',
      `on key ${k.id} in ${region}`,
      (abortSignal) =>
        kms.send(new GetKeyPolicyCommand({ KeyId: k.id, PolicyName: 'default' }), { abortSignal }),
      { region },
    );
    if (!r.ok || r.value.Policy === undefined) return;
    const doc = readPolicyString(jsonify(r.value), file(`kms:GetKeyPolicy:${k.id}`), 'KMS key policy');
    for (const w of doc.warnings) ctx.warn(w);
    if (doc.value) ctx.collector.addKms({ arn, account: ctx.account, region, policy: doc.value });
  });

  const aliases: AliasListEntry[] = [];
  marker = undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const r = await tryCall(
      ctx,
      'kms:ListAliases',
      `in ${region}`,
      (abortSignal) =>
        kms.send(new ListAliasesCommand({ Limit: 100, ...(marker ? { Marker: marker } : {}) }), {
          abortSignal,
        }),
      { region },
    );
    if (!r.ok) return;
    aliases.push(...(r.value.Aliases ?? []));
    if (!r.value.Truncated || !r.value.NextMarker || r.value.NextMarker === marker) break;
    marker = r.value.NextMarker;
  }
  const named = readListAliases(jsonify({ Aliases: aliases }), file('kms:ListAliases'));
  for (const w of named.warnings) ctx.warn(w);
  ctx.collector.addAliases(ctx.account, region, named.value ?? []);
}
