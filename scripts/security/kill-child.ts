/**
 * The child process of `lib/store/kill.test.ts`: imports files (or refreshes from a mocked AWS) into a
 * store and reports each step on stdout, one JSON line each, so the parent can SIGKILL it at a chosen
 * moment. With `--hold-in-transaction` it stops inside the write transaction, after every event row has
 * been written but before the commit, and waits there to be killed: the worst moment to die.
 *
 * usage: node --import tsx scripts/security/kill-child.ts import|refresh <store> [<folder>] [--hold-in-transaction]
 */
import { Store } from '../../lib/store';
import { importFiles } from '../../lib/app/import';
import { collectIntoStore } from '../../lib/app/collect';
import { FakeAws, fakeTime, guideRecords, MANAGEMENT } from '../../lib/sources/aws/fixtures/mock-aws';

const [mode, storePath, folder] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const hold = process.argv.includes('--hold-in-transaction');

function say(o: object): void {
  process.stdout.write(`${JSON.stringify(o)}\n`);
}

async function main(): Promise<void> {
  const opened = Store.open(storePath ?? '');
  if (!opened.ok) throw new Error(opened.error.message);
  const store = opened.value;
  if (hold) {
    const original = store.importEvents.bind(store);
    store.importEvents = (...args: Parameters<Store['importEvents']>) => {
      const r = original(...args);
      say({ phase: 'in-transaction', inserted: r.inserted });
      // Block the thread (and so the open transaction) until the parent kills the process.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
      return r;
    };
  }
  if (mode === 'import') {
    const r = await importFiles(store, [folder ?? ''], { onProgress: (p) => say(p) });
    say({ phase: 'committed', inserted: r.events.inserted });
  } else if (mode === 'refresh') {
    const aws = new FakeAws([MANAGEMENT]);
    aws.account(MANAGEMENT).records['us-east-1'] = guideRecords().map((r, i) => ({
      ...r,
      eventID: `refresh-evt-${i}`,
      eventTime: `2026-11-21T0${i % 10}:00:00Z`,
      recipientAccountId: MANAGEMENT,
      awsRegion: 'us-east-1',
    }));
    const time = fakeTime();
    aws.now = time.now;
    const r = await collectIntoStore(
      store,
      {
        clients: aws.factory(),
        regions: ['us-east-1'],
        env: {},
        collect: { clock: time.clock, sleep: time.sleep },
      },
      (p) => say(p),
      new AbortController().signal,
    );
    say({ phase: 'committed', ok: r.ok });
  }
}

main().catch((e: unknown) => {
  say({ phase: 'error', message: e instanceof Error ? e.message : String(e) });
  process.exitCode = 1;
});
