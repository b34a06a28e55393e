'use client';

import { useState } from 'react';
import { ApiError } from '@/components/data/api';
import { CopyButton } from '@/components/ui/copy-button';
import type { ShareableCheck } from './share';
import { checkLink } from './share';

const BUTTON =
  'rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800';

/** Fetches the check's HTML report and saves it; the file name comes from the server. */
async function downloadReport(check: Record<string, unknown>, link: string): Promise<void> {
  const res = await fetch('/api/check/report', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ check, link }),
  });
  if (!res.ok) {
    const b = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new ApiError(res.status, b.code ?? 'http_error', b.message ?? `The server answered ${res.status}.`);
  }
  const name =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'rolechain-check.html';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Share and print one check: a link that reopens it on /check, and a self-contained HTML report.
 * `check` is the body the check was run with (`POST /api/check`).
 */
export function ReportActions({ check, share }: { check: Record<string, unknown>; share?: ShareableCheck }) {
  const [state, setState] = useState<'idle' | 'busy' | 'done' | 'failed'>('idle');
  const [failure, setFailure] = useState('');
  const link = share ? checkLink(share) : undefined;
  const absolute = link && typeof window !== 'undefined' ? `${window.location.origin}${link}` : link;
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs" role="group" aria-label="Share this check">
      {absolute && (
        <>
          <a href={link} className="text-sky-700 underline dark:text-sky-400" data-testid="check-link">
            Link to this check
          </a>
          <CopyButton text={absolute} label="Copy the link to this check" />
        </>
      )}
      <button
        type="button"
        className={BUTTON}
        disabled={state === 'busy'}
        onClick={() => {
          setState('busy');
          downloadReport(check, absolute ?? '').then(
            () => setState('done'),
            (e: unknown) => {
              setFailure(e instanceof Error ? e.message : String(e));
              setState('failed');
            },
          );
        }}
      >
        {state === 'busy' ? 'Making the report…' : 'Download report (HTML)'}
      </button>
      {state === 'done' && <span className="text-slate-500">Saved.</span>}
      {state === 'failed' && (
        <span role="alert" className="text-red-700 dark:text-red-400">
          {failure}
        </span>
      )}
    </div>
  );
}
