/** The one place the browser talks to `/api`: fetchers, and React Query keys from one factory. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch {
    throw new ApiError(0, 'network', 'The dashboard server cannot be reached. Is `npm start` still running?');
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new ApiError(res.status, 'bad_response', `The server answered ${res.status} with something that is not JSON.`);
  }
  if (!res.ok) {
    const b = body as { code?: string; message?: string } | undefined;
    throw new ApiError(res.status, b?.code ?? 'http_error', b?.message ?? `The server answered ${res.status}.`);
  }
  return body as T;
}

/** Query-string from an object, skipping empty values, in a stable order (so keys and URLs agree). */
export function qs(params: Record<string, string | number | undefined | readonly string[]>): string {
  const sp = new URLSearchParams();
  for (const k of Object.keys(params).sort()) {
    const v = params[k];
    if (v === undefined || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length > 0) sp.set(k, v.join(','));
    } else sp.set(k, String(v));
  }
  const s = sp.toString();
  return s === '' ? '' : `?${s}`;
}

/** The first page of the overview, as the page preloads it (app/page.tsx) and the explorer asks for it. */
export const OVERVIEW_FIRST = { limit: 12 } as const;

export const keys = {
  all: ['rolechain'] as const,
  snapshot: () => [...keys.all, 'snapshot'] as const,
  overview: (params: Record<string, unknown>) => [...keys.all, 'overview', params] as const,
  analysis: (snapshot: number) => [...keys.all, 'analysis', snapshot] as const,
  graph: (params: Record<string, unknown>) => [...keys.all, 'graph', params] as const,
  node: (id: string) => [...keys.all, 'node', id] as const,
  search: (q: string) => [...keys.all, 'search', q] as const,
  findings: (params: Record<string, unknown>) => [...keys.all, 'findings', params] as const,
  events: (params: Record<string, unknown>) => [...keys.all, 'events', params] as const,
  eventsSummary: (params: Record<string, unknown>) => [...keys.all, 'events-summary', params] as const,
  check: (params: Record<string, unknown>) => [...keys.all, 'check', params] as const,
  diff: (from: number, to: number) => [...keys.all, 'diff', from, to] as const,
};
