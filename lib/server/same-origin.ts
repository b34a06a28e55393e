/**
 * State-changing routes accept only same-origin requests: a page on another site cannot make a
 * user's browser import files or start a refresh here (CSRF). Browsers always send `Origin` on POST.
 */
export function crossOriginReason(headers: Headers): string | undefined {
  const site = headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') return `a ${site} request`;
  const origin = headers.get('origin');
  if (origin === null) return undefined;
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  try {
    if (host !== null && new URL(origin).host === host) return undefined;
  } catch {
    return 'an unreadable Origin header';
  }
  return `a request from ${origin}`;
}
