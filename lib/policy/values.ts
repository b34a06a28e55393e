/** Conversions of condition values, shared by the parser (validation) and the evaluator. */

/**
 * A date as the `Date*` operators read it: ISO 8601 (`2020-01-01`, `2020-01-01T00:00:00Z`) or
 * epoch seconds (`1577836800`). Returns milliseconds since the epoch, or undefined.
 */
export function parseDate(text: string): number | undefined {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(t))
    return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A number as the `Numeric*` operators read it; undefined for anything else (so it matches nothing). */
export function parseNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Context values are strings to the engine, as they are to AWS; booleans become `true`/`false`. */
export function contextStrings(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) {
    const out: string[] = [];
    for (const v of value as unknown[]) {
      if (typeof v === 'string') out.push(v);
      else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
      else return undefined;
    }
    return out;
  }
  return undefined;
}
