/**
 * A small, stable, non-cryptographic 64-bit string hash (two 32-bit FNV-1a lanes with different primes
 * and offsets, each finished with an avalanche step). Stable across processes and machines, so it can
 * name a policy document's content. Not collision resistant: every user of it compares the text it
 * hashed before trusting a match (see `PolicyCache`).
 */

/** Two 32-bit halves of the hash. */
export interface Hash64 {
  hi: number;
  lo: number;
}

/** Final mix of one lane, so that nearby inputs spread over all bits. */
function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The hash of `text`'s UTF-16 code units. */
export function hash64(text: string): Hash64 {
  // Lane 1: FNV-1a 32 (offset basis 2166136261, prime 16777619). Lane 2: other offset and odd prime.
  let a = 0x811c9dc5;
  let b = 0x2f6b1d3d;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return { hi: avalanche(a ^ text.length), lo: avalanche(b) };
}

/** The hash as a number that fits a double exactly (53 of its 64 bits): a cheap Map key. */
export function hashKey(text: string): number {
  const { hi, lo } = hash64(text);
  return hi * 0x200000 + (lo >>> 11);
}

/** The hash as 16 hex digits: a stable content id. */
export function hashHex(text: string): string {
  const { hi, lo } = hash64(text);
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
