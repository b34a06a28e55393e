/** A query string read once, with zod; a 400 that names every bad parameter otherwise. */
import type { NextResponse } from 'next/server';
import type { z } from 'zod';
import { issuesOf, problem } from './problem';

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: NextResponse };

/**
 * `params` read by `schema`, or a 400 `bad_query` whose message names every bad parameter and says
 * what is wrong with it ("depth: Too big…", "from is missing"), then `usage`. A parameter given twice
 * is refused rather than one of the two silently taken: a query means one thing.
 */
export function parseQuery<S extends z.ZodType>(
  schema: S,
  params: URLSearchParams,
  usage: string,
): Parsed<z.infer<S>> {
  const repeated = [...new Set(params.keys())].filter((k) => params.getAll(k).length > 1);
  if (repeated.length > 0)
    return {
      ok: false,
      response: problem(
        'bad_query',
        `${repeated.map((k) => `${k} is given more than once`).join('; ')}. ${usage}`,
        repeated.map((k) => ({ path: k, message: 'given more than once' })),
      ),
    };
  const q = schema.safeParse(Object.fromEntries(params));
  if (q.success) return { ok: true, value: q.data };
  const issues = issuesOf(q.error.issues);
  const said = issues.map((i) => {
    // The parameter is the path's first part; a later part is a position in a comma-separated list.
    const [param = '', item] = i.path.split('.');
    if (param === '') return i.message;
    if (!params.has(param)) return `${param} is missing`;
    return `${param}${item === undefined ? '' : ` (value ${Number(item) + 1})`}: ${i.message}`;
  });
  return { ok: false, response: problem('bad_query', `${[...new Set(said)].join('; ')}. ${usage}`, issues) };
}
