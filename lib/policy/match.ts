/**
 * Matching of the Action and Resource elements, and of ARNs in the `Arn*` condition operators.
 *
 * - Actions: case-insensitive (`s3:getobject` ≡ `s3:GetObject`), `*` and `?` wildcards.
 * - Resources and `ArnLike`/`ArnEquals`: case-sensitive; an ARN pattern is compared part by part
 *   (`arn`, partition, service, region, account, resource), so a wildcard in one of the first five parts
 *   never spills over a `:` into the next; the resource part keeps its own colons and `/`.
 */
import type { Matcher } from './glob';
import { compileGlob, globMatch } from './glob';
import { TextMemo } from './text-memo';

/** Splits an ARN into its six parts (the resource keeps its colons); undefined if it is not an ARN. */
export function splitArn(text: string): string[] | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = text.indexOf(':', start);
    if (colon < 0) return undefined;
    out.push(text.slice(start, colon));
    start = colon + 1;
  }
  out.push(text.slice(start));
  return out;
}

/** True when `action` (e.g. `sts:AssumeRole`) matches the policy's `pattern` (e.g. `sts:Assume*`). */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatch(pattern.toLowerCase(), action.toLowerCase());
}

/** Compares two split ARNs part by part with wildcards. */
export function arnPartsMatch(pattern: readonly string[], arn: readonly string[]): boolean {
  for (let i = 0; i < 6; i++) if (!globMatch(pattern[i] ?? '', arn[i] ?? '')) return false;
  return true;
}

/** True when `resource` matches the policy's Resource `pattern`, per the rules above. */
export function resourceMatches(pattern: string, resource: string): boolean {
  if (pattern === '*') return true;
  return sharedResourceMatcher(pattern).test(resource, splitArnShared(resource));
}

/**
 * Matchers and split ARNs shared by text. Why: the graph asks "does this pattern cover that role / bucket"
 * for every grant and candidate, and splitting both strings on every call was the top item of a profile.
 * Bounded, and kept for one analysis (see text-memo.ts).
 */
const MAX_SHARED = 500_000;
const resourceMatchers = new TextMemo<ResourceMatcher>(MAX_SHARED);
const splits = new TextMemo<string[] | undefined>(MAX_SHARED);

/** The compiled matcher of a Resource pattern, one per pattern text. */
export function sharedResourceMatcher(pattern: string): ResourceMatcher {
  let m = resourceMatchers.get(pattern);
  if (!m) {
    m = compileResource(pattern);
    resourceMatchers.set(pattern, m);
  }
  return m;
}

/** `splitArn`, one shared (read-only) result per text. */
export function splitArnShared(resource: string): string[] | undefined {
  let parts = splits.get(resource);
  if (parts === undefined && !splits.has(resource)) {
    parts = splitArn(resource);
    splits.set(resource, parts);
  }
  return parts;
}

/** `ArnEquals` / `ArnLike` (identical in IAM: both allow wildcards in each part). */
export const arnMatches = resourceMatches;

/** A Resource pattern compiled once: a matcher over the request's pre-split ARN. */
export interface ResourceMatcher {
  pattern: string;
  test(resource: string, resourceParts: readonly string[] | undefined): boolean;
}

export function compileResource(pattern: string): ResourceMatcher {
  if (pattern === '*') return { pattern, test: () => true };
  const parts = splitArn(pattern);
  if (!parts) {
    const m = compileGlob(pattern);
    return { pattern, test: (r) => m(r) };
  }
  const matchers: Matcher[] = parts.map(compileGlob);
  return {
    pattern,
    test: (_r, rp) => {
      if (!rp) return false;
      for (let i = 0; i < 6; i++) if (!(matchers[i] as Matcher)(rp[i] as string)) return false;
      return true;
    },
  };
}

/** An Action pattern compiled once, matched against the lower-cased action. */
export function compileAction(pattern: string): Matcher {
  return compileGlob(pattern.toLowerCase());
}

const lowerActions = new Map<string, string>();

/**
 * An action lower-cased, once per action text: the same dozen actions are asked for millions of times
 * (request contexts, the Allow-pattern inventory).
 */
export function lowerAction(action: string): string {
  let lc = lowerActions.get(action);
  if (lc === undefined) {
    lc = action.toLowerCase();
    if (lowerActions.size >= 10_000) lowerActions.clear();
    lowerActions.set(action, lc);
  }
  return lc;
}
