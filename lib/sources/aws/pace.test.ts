import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TokenBucket } from './pace';
import { fakeTime } from './fixtures/mock-aws';

describe('TokenBucket', () => {
  test('given a rate of 1.8/s and burst 1, when ten calls are taken, then no two are closer than 1/1.8 s', async () => {
    const time = fakeTime(0);
    const bucket = new TokenBucket(1.8, 1, time.clock, time.sleep);
    const at: number[] = [];
    for (let i = 0; i < 10; i++) {
      await bucket.take(new AbortController().signal);
      at.push(time.now());
    }
    assert.equal(at[0], 0);
    for (let i = 1; i < at.length; i++)
      assert.ok(at[i]! - at[i - 1]! >= 1000 / 1.8, `${at[i]! - at[i - 1]!} ms`);
    // And not much slower than the rate: nine intervals of ⌈555.6⌉ ms.
    assert.equal(at[9], 9 * 556);
  });

  test('given concurrent takers, when they all take, then they are served one interval apart in order', async () => {
    const time = fakeTime(0);
    const bucket = new TokenBucket(2, 1, time.clock, time.sleep);
    const order: [number, number][] = [];
    await Promise.all(
      [0, 1, 2, 3].map((i) =>
        bucket.take(new AbortController().signal).then(() => order.push([i, time.now()])),
      ),
    );
    assert.deepEqual(order, [
      [0, 0],
      [1, 500],
      [2, 1000],
      [3, 1500],
    ]);
  });

  test('given time passed idle, when taking, then only the burst is available at once', async () => {
    const time = fakeTime(0);
    const bucket = new TokenBucket(2, 2, time.clock, time.sleep);
    await time.sleep(60_000, new AbortController().signal);
    const start = time.now();
    for (let i = 0; i < 3; i++) await bucket.take(new AbortController().signal);
    assert.equal(time.now() - start, 500);
  });

  test('given an aborted signal, when a caller must wait, then take rejects and the next taker is still served', async () => {
    const time = fakeTime(0);
    const bucket = new TokenBucket(1, 1, time.clock, time.sleep);
    await bucket.take(new AbortController().signal);
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(bucket.take(aborted.signal));
    await bucket.take(new AbortController().signal);
    assert.equal(time.now(), 1000);
  });

  test('given a rate of zero, when constructed, then it is a programmer error', () => {
    const time = fakeTime(0);
    assert.throws(() => new TokenBucket(0, 1, time.clock, time.sleep), RangeError);
  });
});
