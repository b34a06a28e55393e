/**
 * Deterministic randomness for the demo generator: a mulberry32 PRNG, and identifiers derived from
 * a stable name so that adding one entity never shifts the ids of the others.
 */

/** mulberry32: a tiny 32-bit PRNG, good enough for demo data, identical on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over UTF-16 code units: a stable 32-bit hash of a name. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A seeded random stream with the helpers the generator needs. */
export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  chars(alphabet: string, length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
}

/** IAM unique ids use upper-case letters and the digits 2–7 (base32). */
export const IAM_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HEX = '0123456789abcdef';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Ids derived from (seed, kind, name): the same name always gets the same id. */
export class Ids {
  constructor(private readonly seed: number) {}

  rng(kind: string, name: string): Rng {
    return new Rng(fnv1a(`${this.seed}|${kind}|${name}`));
  }
  /** `AROA…`, `AIDA…`, `ANPA…`, `AIPA…`, `AGPA…`, `AKIA…`, `ASIA…`: prefix + 16 or 17 base32 characters. */
  iam(prefix: string, name: string, length = 17): string {
    return prefix + this.rng(prefix, name).chars(IAM_ID_ALPHABET, length);
  }
  hex(kind: string, name: string, length: number): string {
    return this.rng(kind, name).chars(HEX, length);
  }
  lowerAlnum(kind: string, name: string, length: number): string {
    return this.rng(kind, name).chars(LOWER_ALNUM, length);
  }
  alnum(kind: string, name: string, length: number): string {
    return this.rng(kind, name).chars(ALNUM, length);
  }
  /** A version-4-shaped UUID. */
  uuid(kind: string, name: string): string {
    const r = this.rng(kind, name);
    const h = (n: number) => r.chars(HEX, n);
    return `${h(8)}-${h(4)}-4${h(3)}-${r.pick(['8', '9', 'a', 'b'])}${h(3)}-${h(12)}`;
  }
}
