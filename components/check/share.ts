/**
 * A chain check as a link: the fields of the /check page in its query string, so opening the link
 * runs the same check again. Only fields go in (never a pasted statement, which may hold keys).
 */

export interface ShareableCheck {
  source: string;
  targetRole?: string | undefined;
  resource: string;
  action?: string | undefined;
  externalId?: string | undefined;
  durationSeconds?: string | number | undefined;
}

const ORDER = ['source', 'targetRole', 'resource', 'action', 'externalId', 'durationSeconds'] as const;

/** `/check?source=…&targetRole=…&resource=…&action=…` (relative; the caller adds the origin). */
export function checkLink(c: ShareableCheck): string {
  const sp = new URLSearchParams();
  for (const k of ORDER) {
    const v = c[k];
    if (v !== undefined && String(v).trim() !== '') sp.set(k, String(v).trim());
  }
  return `/check?${sp.toString()}`;
}

/** The check a /check link asks for, when it names at least a source and a resource. */
export function checkFromParams(params: URLSearchParams): Record<string, string> | undefined {
  if (params.get('mode') === 'sql') return undefined;
  const body: Record<string, string> = {};
  for (const k of ORDER) {
    const v = params.get(k)?.trim();
    if (v) body[k] = v;
  }
  return body.source && body.resource ? body : undefined;
}
