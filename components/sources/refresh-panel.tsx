'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, fetchJson, keys } from '@/components/data/api';
import { ErrorState } from '@/components/ui/states';

interface Progress {
  seq: number;
  phase: string;
  done: number;
  total?: number;
  message: string;
  account?: string;
}

interface FinalStatus {
  id: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  result?: { snapshotId: number; events: { inserted: number }; warnings: unknown[] };
  error?: { code: string; message: string };
}

/** Refresh from live AWS: start, follow the Server-Sent Events progress, cancel; the final status or error. */
export function RefreshPanel() {
  const client = useQueryClient();
  const [id, setId] = useState<string | undefined>(undefined);
  const [progress, setProgress] = useState<Progress[]>([]);
  const [final, setFinal] = useState<FinalStatus | undefined>(undefined);
  const [failure, setFailure] = useState<unknown>(undefined);
  const running = id !== undefined && final === undefined;

  useEffect(() => {
    if (id === undefined) return;
    const source = new EventSource(`/api/refresh?id=${encodeURIComponent(id)}`);
    source.addEventListener('progress', (e) => {
      const p = JSON.parse((e as MessageEvent<string>).data) as Progress;
      setProgress((list) => [...list.slice(-199), p]);
    });
    source.addEventListener('end', (e) => {
      const s = JSON.parse((e as MessageEvent<string>).data) as FinalStatus;
      // Closed here, or EventSource would reconnect to a finished stream.
      source.close();
      setFinal(s);
      if (s.state === 'done') void client.invalidateQueries({ queryKey: keys.all });
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED)
        setFailure(new Error('The progress stream closed before the refresh ended.'));
    };
    return () => source.close();
  }, [id, client]);

  const start = () => {
    setProgress([]);
    setFinal(undefined);
    setFailure(undefined);
    fetchJson<{ id: string }>('/api/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }).then(
      (r) => setId(r.id),
      (e: unknown) => setFailure(e),
    );
  };
  const cancel = () => {
    if (id === undefined) return;
    fetchJson(`/api/refresh?id=${encodeURIComponent(id)}`, { method: 'DELETE' }).catch((e: unknown) =>
      setFailure(e instanceof ApiError ? e : new Error(String(e))),
    );
  };
  const last = progress[progress.length - 1];
  const pct = last?.total ? Math.min(100, Math.round((100 * last.done) / last.total)) : undefined;

  return (
    <section aria-label="Refresh from AWS" className="space-y-2">
      <h2 className="font-semibold">Refresh from AWS</h2>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Reads IAM, S3 policies, EC2 and CloudTrail with the server’s AWS credentials (read-only). The current
        snapshot stays until the new one is complete.
      </p>
      <div className="flex items-center gap-2">
        <button
          type="button"
          onClick={start}
          disabled={running}
          className="rounded border px-3 py-1 hover:bg-slate-100 disabled:opacity-50 dark:hover:bg-slate-800"
        >
          Refresh from AWS
        </button>
        {running && (
          <button
            type="button"
            onClick={cancel}
            className="rounded border border-red-400 px-3 py-1 text-red-800 hover:bg-red-50 dark:text-red-200 dark:hover:bg-red-950"
          >
            Cancel
          </button>
        )}
      </div>
      {running && (
        <div role="status" aria-label="Refresh progress" className="space-y-1 text-xs">
          <progress
            className="h-2 w-full"
            max={100}
            {...(pct !== undefined ? { value: pct } : {})}
            aria-label="Refresh progress bar"
          />
          <p className="font-mono">
            {last ? `${last.account ? `${last.account}: ` : ''}${last.message}` : 'starting…'}
          </p>
        </div>
      )}
      {failure !== undefined && <ErrorState error={failure} retry={start} />}
      {final?.state === 'failed' && (
        <ErrorState error={new Error(final.error?.message ?? 'The refresh failed.')} retry={start} />
      )}
      {final?.state === 'cancelled' && (
        <p role="status" className="text-xs">
          Cancelled; nothing was written.
        </p>
      )}
      {final?.state === 'done' && final.result && (
        <p role="status" className="text-xs">
          New snapshot #{final.result.snapshotId}; {final.result.events.inserted} events added;{' '}
          {final.result.warnings.length} warnings.
        </p>
      )}
    </section>
  );
}
