/**
 * Caches of pure functions of text (an ARN split into its parts, a pattern's compiled matcher, a parsed
 * principal, an account read from an ARN), kept for the analysis that fills them.
 *
 * Why: the engine and the graph ask the same questions about the same strings hundreds of thousands of
 * times in one analysis, so each answer is kept; but module-level Maps kept them for the life of the
 * process — about 24 MB at 5,000 roles and hundreds of MB at 200,000, outliving the graph they were made
 * for (a server holds the next analysis beside them). A `TextMemo` belongs to the analysis in progress:
 * `releaseTextMemos()`, called when an analysis is done, empties every one of them. What is asked after
 * (reasons read lazily, a check) fills them again, a little at a time. Emptying never changes an answer:
 * each entry is a pure function of its key.
 */

/** What `releaseTextMemos()` empties: every `TextMemo`, and caches registered with `releaseWithTextMemos`. */
interface Releasable {
  readonly size: number;
  release(): void;
}

const all = new Set<Releasable>();

/**
 * Has `releaseTextMemos()` empty this cache too. For caches that are not `TextMemo`s but are, like them,
 * pure functions of their keys kept for the analysis in progress (the compiled-policy content cache).
 */
export function releaseWithTextMemos(cache: Releasable): void {
  all.add(cache);
}

/** A bounded Map from text to a value computed from that text alone; emptied when full or released. */
export class TextMemo<V> {
  private map = new Map<string, V>();
  constructor(private readonly max: number) {
    all.add(this);
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  set(key: string, value: V): void {
    // A new Map rather than clear(): a cleared Map keeps its large backing store.
    if (this.map.size >= this.max) this.map = new Map();
    this.map.set(key, value);
  }

  get size(): number {
    return this.map.size;
  }

  release(): void {
    if (this.map.size > 0) this.map = new Map();
  }
}

/**
 * A memo of a pure function of an object (a compiled policy), weakly held, kept for the analysis in
 * progress like a `TextMemo`: `releaseTextMemos()` drops it all. For derived lists the analysis reads
 * often while it runs and hardly ever after; `size` counts the entries set since the last release.
 */
export class ObjectMemo<K extends object, V> {
  private map = new WeakMap<K, V>();
  private count = 0;
  constructor() {
    all.add(this);
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    this.map.set(key, value);
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  release(): void {
    if (this.count === 0) return;
    this.map = new WeakMap();
    this.count = 0;
  }
}

/** Empties every text memo and registered cache (at the end of an analysis); returns how many entries were dropped. */
export function releaseTextMemos(): number {
  let dropped = 0;
  for (const m of all) {
    dropped += m.size;
    m.release();
  }
  return dropped;
}
