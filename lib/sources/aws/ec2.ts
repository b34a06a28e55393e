/** EC2 of one account: the enabled regions, and in each the instances with their instance profiles. */
import type { Reservation } from '@aws-sdk/client-ec2';
import { DescribeInstancesCommand, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { readDescribeInstances } from '../regional';
import type { AccountContext } from './context';
import { jsonify, mapLimit, tryCall } from './context';

/** The regions to read: those asked for, else the account's enabled regions, else the home region. */
export async function enabledRegions(ctx: AccountContext): Promise<string[]> {
  if (ctx.opts.regions && ctx.opts.regions.length > 0) return ctx.opts.regions;
  const action = 'ec2:DescribeRegions';
  const r = await tryCall(ctx, action, '(only the home region was read)', (abortSignal) =>
    ctx
      .clients('ec2', ctx.opts.homeRegion)
      .send(new DescribeRegionsCommand({ AllRegions: false }), { abortSignal }),
  );
  if (!r.ok) return [ctx.opts.homeRegion];
  const names = (r.value.Regions ?? [])
    .filter((x) => x.OptInStatus !== 'not-opted-in')
    .map((x) => x.RegionName)
    .filter((n): n is string => typeof n === 'string' && n !== '');
  return names.length > 0 ? [...new Set(names)].sort() : [ctx.opts.homeRegion];
}

export async function collectInstances(ctx: AccountContext, regions: readonly string[]): Promise<void> {
  const action = 'ec2:DescribeInstances';
  let done = 0;
  await mapLimit(regions, ctx.opts.concurrency, async (region) => {
    const ec2 = ctx.clients('ec2', region);
    const reservations: Reservation[] = [];
    let token: string | undefined;
    for (let page = 1; page <= 10_000; page++) {
      const r = await tryCall(
        ctx,
        action,
        `in ${region}`,
        (abortSignal) =>
          ec2.send(
            new DescribeInstancesCommand({ MaxResults: 1000, ...(token ? { NextToken: token } : {}) }),
            { abortSignal },
          ),
        { region },
      );
      if (!r.ok) break;
      reservations.push(...(r.value.Reservations ?? []));
      if (!r.value.NextToken || r.value.NextToken === token) break;
      token = r.value.NextToken;
    }
    const read = readDescribeInstances(
      jsonify({ Reservations: reservations }),
      `aws:${ctx.account}:${action}:${region}`,
      {
        account: ctx.account,
        region,
      },
    );
    for (const w of read.warnings) ctx.warn(w);
    if (read.value) ctx.collector.addInstances(read.value);
    done++;
    ctx.progress('ec2', `instances in ${region}: ${read.value?.length ?? 0}`, {
      api: action,
      done,
      total: regions.length,
    });
  });
}
