/**
 * A token bucket: at most `ratePerSecond` calls a second on average, `burst` at once.
 * CloudTrail allows LookupEvents 2 requests a second per account and region; the collector keeps
 * one bucket per account and region, below that. The clock and sleep are injected for tests.
 */
import type { Sleep } from './call';

export interface Clock {
  now(): number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  /** Callers queue so that concurrent takers are served in order and never overdraw. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
  ) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new RangeError('TokenBucket: rate > 0 and burst >= 1');
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Resolves when one call may be made; rejects with `Cancelled` when the signal aborts. */
  take(signal: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.takeNow(signal));
    // A cancelled taker must not block the ones behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async takeNow(signal: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000), signal);
    }
  }
}

/** LookupEvents' limit is 2 a second per account and region; stay clearly under it. */
export const LOOKUP_EVENTS_RATE = 1.8;
