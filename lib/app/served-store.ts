/**
 * Which store the dashboard serves: the user's, or — while the user's holds nothing — the demo's.
 *
 * The demo organisation lives in a store of its own, in memory, loaded from `demo/` through the same
 * readers as user files. It is never written into the user's store: imports and refreshes write to
 * `user` only, and as soon as that holds anything (a snapshot or one event) it is what is served.
 */
import { originsOf } from './import';
import type { LoadResult } from '../sources/load';
import { Store } from '../store';

export class ServedStores {
  private demo: Promise<Store> | undefined;

  constructor(
    /** The user's store: the only one imports and refreshes write to. */
    readonly user: Store,
    private readonly loadDemo: () => Promise<LoadResult>,
  ) {}

  /** Whether the demo is what is served: the user's store holds nothing yet. */
  showsDemo(): boolean {
    return this.user.isEmpty();
  }

  /** The store to read from now. */
  async served(): Promise<Store> {
    if (!this.showsDemo()) return this.user;
    this.demo ??= this.openDemo().catch((e: unknown) => {
      this.demo = undefined;
      throw e;
    });
    return this.demo;
  }

  private async openDemo(): Promise<Store> {
    const opened = Store.open(':memory:');
    if (!opened.ok) throw new Error(opened.error.message);
    const store = opened.value;
    const demo = await this.loadDemo();
    store.transaction(() => {
      store.saveSnapshot(demo.snapshot);
      store.importEvents(demo.events, originsOf(demo.events, [demo.snapshot]));
    });
    return store;
  }
}
