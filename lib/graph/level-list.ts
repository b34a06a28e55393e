/**
 * The access levels of a `can-access` edge as one shared list per sequence. Why: every (principal,
 * target) pair made two fresh lists grown by `push` (room for 17 entries each, about 150 bytes), and
 * every `can-access` edge kept them: about half a million edges at 200,000 roles, for a handful of
 * distinct sequences. A list is reached by appending levels one at a time, each step a look-up in a
 * small trie, so a pair allocates nothing. The lists are shared between edges, so they are frozen: nothing in the project writes to an edge's
 * `access` or `conditionalAccess`, and a write would throw rather than change every edge sharing the list.
 */
import type { AccessLevel } from './types';

/** The list itself, frozen (typed as the edge's mutable list, which it is read as). */
function frozen(levels: AccessLevel[]): AccessLevel[] {
  Object.freeze(levels);
  return levels;
}

export class LevelList {
  private readonly next = new Map<AccessLevel, LevelList>();
  private constructor(readonly list: AccessLevel[]) {}

  /** The list of these levels then `level`, the same object every time it is asked. */
  with(level: AccessLevel): LevelList {
    let n = this.next.get(level);
    if (!n) {
      // Frozen: an edge that changed its list in place would change every edge sharing it.
      n = new LevelList(frozen([...this.list, level]));
      this.next.set(level, n);
    }
    return n;
  }

  /** The root of the trie: no level. */
  static readonly EMPTY = new LevelList(frozen([]));
}

export const NO_LEVELS = LevelList.EMPTY;
