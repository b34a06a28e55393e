/**
 * The Glue Data Catalog's resource policy of one account, per region (`GetResourcePolicy` without a
 * resource ARN: the catalog's). No policy (`EntityNotFoundException`) is recorded as a catalog read
 * without one, so the checker can tell "no policy" from "not read".
 */
import { GetResourcePolicyCommand } from '@aws-sdk/client-glue';
import { readGlueResourcePolicy } from '../regional';
import type { AccountContext } from './context';
import { jsonify, mapLimit, tryCall } from './context';

export async function collectGlue(ctx: AccountContext, regions: readonly string[]): Promise<void> {
  let done = 0;
  await mapLimit(regions, ctx.opts.concurrency, async (region) => {
    const r = await tryCall(
      ctx,
      'glue:GetResourcePolicy',
      `in ${region}`,
      (abortSignal) => ctx.clients('glue', region).send(new GetResourcePolicyCommand({}), { abortSignal }),
      { region },
    );
    done++;
    ctx.progress('glue', `Glue catalog policies: ${done} of ${regions.length} regions`, {
      api: 'glue:GetResourcePolicy',
      done,
      total: regions.length,
    });
    if (r.ok && r.value.PolicyInJson !== undefined) {
      const doc = readGlueResourcePolicy(
        jsonify(r.value),
        `aws:${ctx.account}:${region}:glue:GetResourcePolicy`,
      );
      for (const w of doc.warnings) ctx.warn(w);
      if (doc.value) ctx.collector.addGlue({ account: ctx.account, region, policy: doc.value });
    } else if (!r.ok && r.failure.kind === 'not-found')
      ctx.collector.addGlue({ account: ctx.account, region });
  });
}
