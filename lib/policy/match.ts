/**
 * Matching of the Action and Resource elements, and of ARNs in the `Arn*` condition operators.
 *
 * - Actions: case-insensitive (`s3:getobject` ≡ `s3:GetObject`), `*` and `?` wildcards.
 * - Resources and `ArnLike`/`ArnEquals`: case-sensitive; an ARN pattern is compared part by part
 *   (`arn`, partition, service, region, account, resource), so a wildcard in one of the first five parts
 *   never spills over a `:` into the next; the resource part keeps its own colons and `/`.
 */
import { isAccountId } from '../model';
import type { Matcher } from './glob';
import { compileGlob, globMatch, hasWildcard, LITERAL_STAR, unescapeLiterals } from './glob';
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
const splits = new TextMemo<readonly string[] | undefined>(MAX_SHARED);

/** The compiled matcher of a Resource pattern, one per pattern text. */
export function sharedResourceMatcher(pattern: string): ResourceMatcher {
  let m = resourceMatchers.get(pattern);
  if (!m) {
    m = compileResource(pattern);
    resourceMatchers.set(pattern, m);
  }
  return m;
}

/**
 * `splitArn`, one shared (read-only) result per text: the only per-resource memo of an analysis (the
 * request context and the graph read a resource's account from it too, see `arnAccount`). Its first five
 * parts are shared strings (`arn`, `aws`, `iam`, the account…) and its list is exactly six long. Why: a
 * split of each of an estate's role ARNs is kept for the whole build, and three memos of the same texts
 * (parts, the context's account, the graph's account) with a copy of every short part and a list grown
 * by `push` held about 620 bytes a resource (45 MB at 41,000 roles) where this holds about 170.
 */
export function splitArnShared(resource: string): readonly string[] | undefined {
  let parts = splits.get(resource);
  if (parts === undefined && !splits.has(resource)) {
    const split = splitArn(resource);
    parts = split && [
      internPart(split[0] as string),
      internPart(split[1] as string),
      internPart(split[2] as string),
      internPart(split[3] as string),
      internPart(split[4] as string),
      split[5] as string,
    ];
    splits.set(resource, parts);
  }
  return parts;
}

/**
 * `splitArnShared`, but only for what `parseArn` (lib/model) reads as an ARN: a partition and a service
 * given. For readers of policy and caller ARNs that keep a part (an account) for the analysis: they keep
 * the split's shared string, not a copy of their own.
 */
export function arnPartsShared(text: string): readonly string[] | undefined {
  const parts = splitArnShared(text);
  return parts && parts[1] !== '' && parts[2] !== '' ? parts : undefined;
}

/**
 * The account of a split ARN: its fifth part when that is a 12-digit id and the partition is given.
 * `service: true` also requires a service, as `accountOf` in lib/model does (the request context's
 * `aws:ResourceAccount`); without it, an ARN with an empty service still has an account, as the graph has
 * always read one for the resource side.
 */
export function arnAccount(parts: readonly string[] | undefined, service: boolean): string | undefined {
  if (!parts || parts[1] === '' || (service && parts[2] === '')) return undefined;
  const account = parts[4] as string;
  return isAccountId(account) ? account : undefined;
}

/** `ArnEquals` / `ArnLike` (identical in IAM: both allow wildcards in each part). */
export const arnMatches = resourceMatches;

/** A Resource pattern compiled once: a matcher over the request's pre-split ARN. */
export interface ResourceMatcher {
  pattern: string;
  test(resource: string, resourceParts: readonly string[] | undefined): boolean;
}

/**
 * How one ARN part of a Resource pattern is tested, in two bits: any text, equal to the literal, starting
 * with the prefix, or the IAM wildcard match.
 */
const ANY = 0;
const EQUAL = 1;
const PREFIX = 2;
const GLOB = 3;

/** The kind of a pattern (or ARN part of one), and the text its test compares with. */
function partOf(pattern: string): [kind: number, text: string] {
  if (pattern === '*') return [ANY, ''];
  if (!hasWildcard(pattern)) return [EQUAL, unescapeLiterals(pattern)];
  const firstStar = pattern.indexOf('*');
  if (firstStar === pattern.length - 1 && !pattern.includes('?') && !pattern.includes(LITERAL_STAR))
    return [PREFIX, unescapeLiterals(pattern.slice(0, -1))];
  return [GLOB, pattern];
}

function partMatches(kind: number, text: string, value: string): boolean {
  switch (kind) {
    case ANY:
      return true;
    case EQUAL:
      return value === text;
    case PREFIX:
      return value.startsWith(text);
    default:
      return globMatch(text, value);
  }
}

/**
 * The first five parts of ARN patterns and of split resources (`arn`, the partition, service, region,
 * account) repeat across every document and request; one string per text, kept for the analysis (see
 * text-memo.ts).
 */
const partTexts = new TextMemo<string>(100_000);

function internPart(text: string): string {
  const seen = partTexts.get(text);
  if (seen !== undefined) return seen;
  partTexts.set(text, text);
  return text;
}

/**
 * A Resource pattern that is an ARN, as data: the six parts' texts and their kinds packed in one number.
 * Why not closures (one per part, each with its scope, plus the list and the wrapper): about 460 bytes a
 * distinct pattern against about 60 here, and a large estate's policies name hundreds of thousands of
 * distinct ARNs, each held for the analysis.
 */
class ArnPatternMatcher implements ResourceMatcher {
  private readonly p0: string;
  private readonly p1: string;
  private readonly p2: string;
  private readonly p3: string;
  private readonly p4: string;
  private readonly p5: string;
  /** Two bits a part, part 0 lowest. */
  private readonly kinds: number;

  constructor(
    readonly pattern: string,
    parts: readonly string[],
  ) {
    const texts: string[] = [];
    let kinds = 0;
    for (let i = 0; i < 6; i++) {
      const [kind, text] = partOf(parts[i] as string);
      kinds |= kind << (2 * i);
      texts.push(i < 5 ? internPart(text) : text);
    }
    [this.p0, this.p1, this.p2, this.p3, this.p4, this.p5] = texts as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    this.kinds = kinds;
  }

  test(_resource: string, rp: readonly string[] | undefined): boolean {
    if (!rp) return false;
    const k = this.kinds;
    return (
      partMatches(k & 3, this.p0, rp[0] as string) &&
      partMatches((k >> 2) & 3, this.p1, rp[1] as string) &&
      partMatches((k >> 4) & 3, this.p2, rp[2] as string) &&
      partMatches((k >> 6) & 3, this.p3, rp[3] as string) &&
      partMatches((k >> 8) & 3, this.p4, rp[4] as string) &&
      partMatches((k >> 10) & 3, this.p5, rp[5] as string)
    );
  }
}

/** A Resource pattern that is not an ARN (`*`, or text matched whole). */
class TextPatternMatcher implements ResourceMatcher {
  private readonly kind: number;
  private readonly text: string;

  constructor(readonly pattern: string) {
    [this.kind, this.text] = partOf(pattern);
  }

  test(resource: string): boolean {
    return partMatches(this.kind, this.text, resource);
  }
}

export function compileResource(pattern: string): ResourceMatcher {
  const parts = splitArn(pattern);
  return parts ? new ArnPatternMatcher(pattern, parts) : new TextPatternMatcher(pattern);
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
