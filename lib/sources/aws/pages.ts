/** Token-paginated list calls, shared by the collectors. */
import type { AccountContext } from './context';
import { tryCall } from './context';

/** At most this many pages of one list call: a runaway NextToken ends, the part stays as read. */
export const MAX_PAGES = 1000;

/**
 * Every page of a list call; stops on a failure (recorded on the part by `tryCall`) or a repeated
 * token. `what` names the object in a failure's warning; `region` marks a regional part.
 */
export async function pages<T>(
  ctx: AccountContext,
  action: string,
  what: string,
  send: (token: string | undefined, abortSignal: AbortSignal) => Promise<T>,
  next: (page: T) => string | undefined,
  part: { region?: string } = {},
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const r = await tryCall(ctx, action, what, (s) => send(token, s), part);
    if (!r.ok) break;
    out.push(r.value);
    const t = next(r.value);
    if (!t || t === token) break;
    token = t;
  }
  return out;
}
