/**
 * CloudTrail `LookupEvents` for the AssumeRole* calls of one account: per region and event name,
 * newest first, paced under LookupEvents' 2 requests a second per account and region, and
 * resumed from the newest event already stored.
 */
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { parseLookupEventsResponse } from '../cloudtrail';
import type { AccountContext } from './context';
import { jsonify, mapLimit, tryCall } from './context';
import { LOOKUP_EVENTS_RATE, TokenBucket } from './pace';

export const LOOKUP_EVENT_NAMES = ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity'] as const;

/** LookupEvents keeps 90 days of management events. */
const RETENTION_DAYS = 90;

export async function collectAssumeEvents(ctx: AccountContext, regions: readonly string[]): Promise<void> {
  const ct = ctx.opts.cloudTrail;
  if (!ct) return;
  const action = 'cloudtrail:LookupEvents';
  const now = new Date(ctx.opts.clock.now());
  let done = 0;
  await mapLimit(regions, ctx.opts.concurrency, async (region) => {
    const client = ctx.clients('cloudtrail', region);
    const pace = new TokenBucket(LOOKUP_EVENTS_RATE, 1, ctx.opts.clock, ctx.call.sleep);
    const stored = ct.since?.(ctx.account, region);
    const floor = now.getTime() - Math.min(ct.lookbackDays, RETENTION_DAYS) * 86_400_000;
    // Never before the retention floor, never after now (a clock ahead of ours must not empty the range).
    const start = new Date(
      Math.min(now.getTime(), Math.max(floor, stored ? Date.parse(stored) || floor : floor)),
    );
    let found = 0;
    for (const name of LOOKUP_EVENT_NAMES) {
      let token: string | undefined;
      for (let page = 1; ; page++) {
        if (page > ct.maxPages) {
          ctx.warn({
            source: action,
            code: 'truncated',
            message: `${name} events of account ${ctx.account} in ${region}: stopped after ${ct.maxPages} pages; events older than the last page read are missing (use Athena over the trail's S3 files at this scale)`,
          });
          break;
        }
        await pace.take(ctx.call.signal);
        const r = await tryCall(ctx, action, `for ${name} in ${region}`, (abortSignal) =>
          client.send(
            new LookupEventsCommand({
              LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }],
              StartTime: start,
              EndTime: now,
              MaxResults: 50,
              ...(token ? { NextToken: token } : {}),
            }),
            { abortSignal },
          ),
        );
        if (!r.ok) break;
        const batch = parseLookupEventsResponse(jsonify({ ...r.value, Events: r.value.Events ?? [] }));
        ctx.events.push(...batch.events);
        found += batch.events.length;
        if (batch.invalid.length > 0)
          ctx.warn({
            source: action,
            code: 'invalid-record',
            message: `${batch.invalid.length} ${name} record(s) of account ${ctx.account} in ${region} could not be read; first: ${batch.invalid[0] ?? ''}`,
          });
        if (!batch.nextToken || batch.nextToken === token) break;
        token = batch.nextToken;
      }
    }
    done++;
    ctx.progress('cloudtrail', `AssumeRole* events in ${region} since ${start.toISOString()}: ${found}`, {
      api: action,
      done,
      total: regions.length,
    });
  });
}
