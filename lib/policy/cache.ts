/**
 * `PolicyCache`: compiled policies interned by content, so that each distinct document is parsed,
 * validated and compiled once and held in one form however many roles, lines or requests carry a copy.
 * Why: at organisation scale most trust policies are copies (200k roles: 201k trust policies, 89k
 * distinct texts), and `rolechain simulate` reads every line's policies afresh.
 *
 * API (small on purpose):
 * - `policyCache` — the process-wide instance `compilePolicy` uses; `new PolicyCache(limits)` for another.
 * - `cache.get(key)` / `cache.set(key, compiled, bytes)` — by a key from `contentKey()`.
 * - `cache.stats()` — entries, approximate bytes, hits, misses, evictions; `cache.clear()`;
 *   `cache.configure(limits)` — bounds by count and approximate bytes.
 * - `contentKey(document, lenient)` — the key of a decoded document: the document itself with a hash
 *   of its canonical content (see `canonicalHash` in `canonical.ts`), or `undefined` when it is not
 *   plain JSON; `contentKey(document, lenient, true)` — its exact JSON text and a hash of that.
 *
 * A key is checked by its full content, never by the hash alone: a content key against the entry's
 * document with `canonicalEqual` (equal exactly when the canonical texts are), a text key by its text. A
 * hash collision is a miss, not a wrong policy. Keys of documents with validation issues are their exact
 * JSON (where an issue points depends on how the document was written); `compilePolicy` decides which
 * key a document gets. A content entry keeps the first document object of its content to compare with:
 * like `compilePolicy`'s per-object links, it relies on a document not being changed once compiled.
 *
 * Bounded by entries and by approximate bytes (the key's text and an estimate of the compiled form). When
 * full, the least recently used entries go (CLOCK: an entry used since the last sweep gets a second
 * chance), so a hit costs a flag write, not a re-insertion. Evicting never recompiles a document object
 * already compiled: `compilePolicy` also keeps a per-object link, which lives as long as the object does.
 */
import type { CompiledPolicy } from './compile';
import { canonicalEqual, canonicalHash, canonicalPolicy, exactJson } from './canonical';
import { hashHex, hashKey } from './hash';
import { releaseWithTextMemos } from './text-memo';

export interface PolicyCacheLimits {
  /** Most entries held. */
  maxEntries: number;
  /** Most approximate bytes held (keys and compiled forms). */
  maxBytes: number;
}

export interface PolicyCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  evictions: number;
}

/**
 * A document's cache key: the text compared on lookup (`text`), or the document compared by content
 * (`document`, read as `lenient` says); its hash; and for a document, about how long its canonical text is.
 */
export type ContentKey =
  { text: string; hash: number } | { document: unknown; lenient: boolean; hash: number; size: number };

interface Entry {
  /** A text key's text, or `undefined` for a content key. */
  text: string | undefined;
  /** A content key's document and reading. */
  document: unknown;
  lenient: boolean;
  hash: number;
  compiled: CompiledPolicy;
  bytes: number;
  /** Used since the sweep last passed it. */
  used: boolean;
  /** The next entry with the same hash (collisions are rare but possible). */
  next: Entry | undefined;
}

/**
 * Above the distinct documents of the largest estates measured (200k roles: about 256k distinct trust
 * and inline policies), and below what a laptop can hold beside the snapshot.
 */
export const DEFAULT_LIMITS: PolicyCacheLimits = { maxEntries: 400_000, maxBytes: 768 * 1024 * 1024 };

/**
 * Approximate heap of a compiled policy per character of its canonical text (the parsed document,
 * matchers, lists and objects). Measured on the 78-role public account's documents, varied into 1,627
 * distinct ones: about 4 bytes a character besides the key's own text (30 MB of heap, 5.9 M characters).
 */
const BYTES_PER_CHAR = 4;

/**
 * The approximate heap an entry holds: its compiled form, and a text key's text (one byte a character,
 * mostly). A content key's document is the caller's, held anyway while the analysis runs.
 */
export function approximateBytes(key: ContentKey): number {
  return 'text' in key ? key.text.length * (1 + BYTES_PER_CHAR) + 200 : key.size * BYTES_PER_CHAR + 200;
}

/** Apart from any content hash of the other reading (the reading is compared too). */
const LENIENT_SALT = 0x2f6b1d3d;

/**
 * The key of a decoded document read strictly or leniently: by content (see `canonical.ts`), or with
 * `exact` by its exact JSON text.
 */
export function contentKey(document: unknown, lenient: boolean, exact = false): ContentKey | undefined {
  if (!exact) {
    const h = canonicalHash(document);
    if (!h) return undefined;
    return { document, lenient, hash: lenient ? (h.hash ^ LENIENT_SALT) >>> 0 : h.hash, size: h.size };
  }
  const body = exactJson(document);
  if (body === undefined) return undefined;
  // The prefix keeps the two readings apart.
  const text = (lenient ? 'le' : 'se') + body;
  return { text, hash: hashKey(text) };
}

/** Does the entry hold this key? By text, or by reading and canonical content. */
function holds(e: Entry, key: ContentKey): boolean {
  if ('text' in key) return e.text === key.text;
  return e.text === undefined && e.lenient === key.lenient && canonicalEqual(e.document, key.document);
}

/** A stable id of a document's content (16 hex digits), for naming and indexing elsewhere. */
export function contentId(document: unknown): string | undefined {
  const text = canonicalPolicy(document);
  return text === undefined ? undefined : hashHex(text);
}

export class PolicyCache {
  private readonly byHash = new Map<number, Entry>();
  /** Every entry in insertion order, for the sweep. */
  private ring: (Entry | undefined)[] = [];
  private hand = 0;
  private limits: PolicyCacheLimits;
  private count = 0;
  private held = 0;
  private hits = 0;
  private misses = 0;
  private evictions = 0;

  constructor(limits: PolicyCacheLimits = DEFAULT_LIMITS) {
    this.limits = { ...limits };
  }

  get(key: ContentKey): CompiledPolicy | undefined {
    for (let e = this.byHash.get(key.hash); e; e = e.next)
      if (holds(e, key)) {
        e.used = true;
        this.hits++;
        return e.compiled;
      }
    this.misses++;
    return undefined;
  }

  set(key: ContentKey, compiled: CompiledPolicy, bytes = approximateBytes(key)): void {
    if (bytes > this.limits.maxBytes || this.limits.maxEntries < 1) return;
    const head = this.byHash.get(key.hash);
    for (let e = head; e; e = e.next) if (holds(e, key)) return;
    while (this.count >= this.limits.maxEntries || this.held + bytes > this.limits.maxBytes)
      if (!this.evictOne()) break;
    const text = 'text' in key ? key.text : undefined;
    const entry: Entry = {
      text,
      document: text === undefined && 'document' in key ? key.document : undefined,
      lenient: 'lenient' in key && key.lenient,
      hash: key.hash,
      compiled,
      bytes,
      used: false,
      next: this.byHash.get(key.hash),
    };
    this.byHash.set(key.hash, entry);
    this.ring.push(entry);
    this.count++;
    this.held += bytes;
  }

  /** Changes the bounds; entries beyond them go now. */
  configure(limits: Partial<PolicyCacheLimits>): void {
    this.limits = { ...this.limits, ...limits };
    while (this.count > this.limits.maxEntries || this.held > this.limits.maxBytes)
      if (!this.evictOne()) break;
  }

  clear(): void {
    this.byHash.clear();
    this.ring = [];
    this.hand = 0;
    this.count = 0;
    this.held = 0;
  }

  /** Entries held. */
  get size(): number {
    return this.count;
  }

  /** Empties it (see `releaseTextMemos`); the counts of hits, misses and evictions stay. */
  release(): void {
    this.clear();
  }

  stats(): PolicyCacheStats {
    return {
      entries: this.count,
      bytes: this.held,
      hits: this.hits,
      misses: this.misses,
      evictions: this.evictions,
    };
  }

  /** Removes the least recently used entry (CLOCK sweep over the ring); false when there is none. */
  private evictOne(): boolean {
    if (this.count === 0) return false;
    for (;;) {
      if (this.hand >= this.ring.length) this.compact();
      const e = this.ring[this.hand];
      if (!e) return false;
      this.hand++;
      if (e.used) {
        e.used = false;
        continue;
      }
      this.ring[this.hand - 1] = undefined;
      this.unlink(e);
      return true;
    }
  }

  /** Drops the holes the sweep left and starts it over from the front. */
  private compact(): void {
    this.ring = this.ring.filter((e) => e !== undefined);
    this.hand = 0;
  }

  private unlink(e: Entry): void {
    const hash = e.hash;
    let head = this.byHash.get(hash);
    if (head === e) head = e.next;
    else for (let p = head; p; p = p.next) if (p.next === e) p.next = e.next;
    if (head) this.byHash.set(hash, head);
    else this.byHash.delete(hash);
    this.count--;
    this.held -= e.bytes;
    this.evictions++;
  }
}

/**
 * The instance `compilePolicy` uses. Emptied with the text memos when an analysis is done: what the
 * analysis compiled stays linked to its document objects (`compilePolicy`'s per-object links), and a
 * server would otherwise hold every distinct document's canonical text (its key) for the life of the
 * process — about 100 MB of text at 200,000 roles — beside the analysis it serves.
 */
export const policyCache = new PolicyCache();
releaseWithTextMemos(policyCache);
