/**
 * Audit queries over one million stored events (budget: p95 under 100 ms each), and the import
 * rate that filled the store. Events are generated, seeded, in the shape lib/audit produces.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AssumeEvent } from '../lib/model';
import { queryEvents, Store, summarizeEvents } from '../lib/store';
import type { EventFilter } from '../lib/store';
import type { BenchResult } from './types';
import { percentile, result } from './types';
import { rng } from './generate-org';

const TOTAL = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
const BATCH = 50_000;

const ROLES = 2000;
const INSTANCES = 5000;
const START = Date.parse('2026-08-01T00:00:00Z');
const SPAN = 90 * 86_400_000;

function* events(total: number): Generator<AssumeEvent[]> {
  const r = rng(42);
  let batch: AssumeEvent[] = [];
  for (let i = 0; i < total; i++) {
    const role = `arn:aws:iam::${String(100000000000 + (i % 50)).padStart(12, '0')}:role/app-${Math.floor(r() * ROLES)}`;
    const instance = `i-${Math.floor(r() * INSTANCES)
      .toString(16)
      .padStart(17, '0')}`;
    const denied = r() < 0.03;
    const time = new Date(START + Math.floor(r() * SPAN)).toISOString();
    batch.push({
      eventId: `ev-${i.toString(36).padStart(8, '0')}`,
      time,
      recordedBy: role.slice(13, 25),
      region: 'us-west-2',
      eventName: 'AssumeRole',
      eventSource: 'sts.amazonaws.com',
      caller: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
      roleArn: role,
      roleSessionName: instance,
      externalIdPresent: false,
      sourceIp: 'ec2.amazonaws.com',
      outcome: denied ? 'denied' : 'success',
      ...(denied
        ? { errorCode: 'AccessDenied' }
        : { issuedAccessKeyId: `ASIA${i.toString(36).toUpperCase().padStart(16, '0')}` }),
    });
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rolechain-bench-audit-'));
  try {
    const opened = Store.open(join(dir, 'bench.db'));
    if (!opened.ok) throw new Error(opened.error.message);
    const store = opened.value;
    const t0 = performance.now();
    for (const batch of events(TOTAL)) store.importEvents(batch);
    const importSeconds = (performance.now() - t0) / 1000;
    const out: BenchResult[] = [
      result('audit: import into the store', 'events/s', [TOTAL / importSeconds], { higherIsBetter: true }),
    ];

    const r = rng(7);
    const role = () =>
      `arn:aws:iam::${String(100000000000 + Math.floor(r() * 50)).padStart(12, '0')}:role/app-${Math.floor(r() * ROLES)}`;
    const day = () => new Date(START + Math.floor(r() * SPAN)).toISOString().slice(0, 10);
    const queries: [string, () => unknown][] = [
      ['newest 100 events', () => queryEvents(store, {}, 100)],
      ['events of one role', () => queryEvents(store, { role: role() }, 100)],
      [
        'events of one EC2 instance (origin)',
        () =>
          queryEvents(
            store,
            {
              origin: `i-${Math.floor(r() * INSTANCES)
                .toString(16)
                .padStart(17, '0')}`,
            },
            100,
          ),
      ],
      [
        'failures in one week',
        () => {
          const from = `${day()}T00:00:00.000Z`;
          const f: EventFilter = {
            outcome: 'denied',
            from,
            to: new Date(Date.parse(from) + 7 * 86_400_000).toISOString(),
          };
          return queryEvents(store, f, 100);
        },
      ],
      ['per-day summary of one role', () => summarizeEvents(store, 'day', { role: role() })],
      [
        'per-role summary of one day',
        () => {
          const d = day();
          return summarizeEvents(store, 'role', { from: `${d}T00:00:00.000Z`, to: `${d}T23:59:59.999Z` });
        },
      ],
    ];
    for (const [name, q] of queries) {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) q(); // warm the page cache
      for (let i = 0; i < 60; i++) {
        const s = performance.now();
        q();
        samples.push(performance.now() - s);
      }
      const p95 = percentile(samples, 95);
      out.push({
        ...result(`audit over ${TOTAL.toLocaleString('en-US')} events: ${name} (p50)`, 'ms', samples),
      });
      out.push({
        ...result(`audit over ${TOTAL.toLocaleString('en-US')} events: ${name} (p95)`, 'ms', [p95], {
          budget: 100,
        }),
        runs: samples.length,
      });
    }
    store.close();
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await run()) console.log(JSON.stringify(r));
}
