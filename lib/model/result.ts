/** Expected failures are values; `throw` is reserved for programmer errors. */
export type Result<T, E = Problem> = { ok: true; value: T } | { ok: false; error: E };

export interface Problem {
  /** A stable code from the registry in `lib/model/problems.ts`. */
  code: string;
  message: string;
  /** Where the problem is: a file path, a JSON path, a line number. */
  where?: string;
}

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = (code: string, message: string, where?: string): Result<never> => ({
  ok: false,
  error: where === undefined ? { code, message } : { code, message, where },
});
