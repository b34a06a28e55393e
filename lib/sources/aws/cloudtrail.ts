/**
 * CloudTrail `LookupEvents` for the AssumeRole* calls of one account: per region and event name,
 * newest first, paced under LookupEvents' 2 requests a second per account and region, and
 * resumed from the newest event already stored.
 */
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { parseLookupEventsResponse } from '../cloudtrail';
import type { AccountContext } from './context';
import type { ApiFailure } from './call';
import { failureWarning } from './call';
import { jsonify, mapLimit, noteGap, tryCall } from './context';
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
  const failed: { region: string; name: string; failure: ApiFailure }[] = [];
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
          const message = `${name} events of account ${ctx.account} in ${region}: stopped after ${ct.maxPages} pages; events older than the last page read are missing (use Athena over the trail's S3 files at this scale)`;
          ctx.warn({ source: action, code: 'truncated', message });
          noteGap(ctx, action, { call: action, code: 'truncated', message }, region);
          break;
        }
        await pace.take(ctx.call.signal);
        const r = await tryCall(
          ctx,
          action,
          `for ${name} in ${region}`,
          (abortSignal) =>
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
          // One warning for all regions and event names at the end, not one per lookup.
          { region, quiet: true },
        );
        if (!r.ok) {
          if (r.failure.kind !== 'not-found') failed.push({ region, name, failure: r.failure });
          break;
        }
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
  for (const w of aggregateFailures(ctx.account, failed, regions.length)) ctx.warn(w);
}

/**
 * The failed lookups as one warning per error code: an endpoint that lacks LookupEvents fails
 * every region and event name the same way, and that is one fact, not dozens.
 */
export function aggregateFailures(
  account: string,
  failed: readonly { region: string; name: string; failure: ApiFailure }[],
  regionCount: number,
): ReturnType<typeof failureWarning>[] {
  const byCode = new Map<string, (typeof failed)[number][]>();
  for (const f of failed) {
    const list = byCode.get(f.failure.code);
    if (list) list.push(f);
    else byCode.set(f.failure.code, [f]);
  }
  return [...byCode.values()].map((list) => {
    const first = list[0]!;
    const regions = [...new Set(list.map((f) => f.region))].sort();
    const names = [...new Set(list.map((f) => f.name))];
    const scope =
      list.length === 1
        ? `for ${first.name} in ${first.region}`
        : `for ${names.join(', ')} in ${regions.length} of ${regionCount} region(s) (${regions.slice(0, 5).join(', ')}${regions.length > 5 ? ', …' : ''}; ${list.length} lookups)`;
    return failureWarning('cloudtrail:LookupEvents', scope, first.failure, account);
  });
}
