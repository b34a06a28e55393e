'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { fetchJson, keys } from '@/components/data/api';
import { useSnapshot } from '@/components/data/hooks';
import { ErrorState, Loading } from '@/components/ui/states';
import { countPhrase, plural } from '@/components/ui/words';
import type { ImportResult as IngestResult } from '@/lib/app/import';
import { RefreshPanel } from './refresh-panel';
import { SnapshotDiffView } from './snapshot-diff-view';

export function SourcesView() {
  const snap = useSnapshot();
  const client = useQueryClient();
  const [drag, setDrag] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const upload = useMutation({
    mutationFn: (files: File[]) => {
      const form = new FormData();
      for (const f of files) form.append('files', f, f.name);
      return fetchJson<IngestResult>('/api/import', { method: 'POST', body: form });
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.all }),
  });
  const send = (list: FileList | null) => {
    if (list && list.length > 0) upload.mutate([...list]);
  };
  return (
    <div className="mx-auto h-full max-w-5xl space-y-6 overflow-auto p-4 text-sm">
      <h1 className="text-lg font-semibold">Sources</h1>
      {snap.isPending ? (
        <Loading what="the snapshot" />
      ) : snap.isError ? (
        <ErrorState error={snap.error} retry={() => void snap.refetch()} />
      ) : (
        <section aria-label="Current snapshot" className="space-y-2">
          <h2 className="font-semibold">Current snapshot</h2>
          <dl className="grid grid-cols-[10rem_1fr] gap-y-0.5 text-xs">
            <dt className="text-slate-500">source</dt>
            <dd data-testid="snapshot-source">
              {snap.data.current.source.kind}: {snap.data.current.source.detail}
            </dd>
            <dt className="text-slate-500">taken at</dt>
            <dd>{snap.data.current.createdAt}</dd>
            <dt className="text-slate-500">stored at</dt>
            <dd>{snap.data.current.importedAt}</dd>
            <dt className="text-slate-500">contents</dt>
            <dd>
              {Object.entries(snap.data.current.counts)
                .map(([k, v]) => countPhrase(k, v))
                .join(', ')}
              ; {plural(snap.data.events, 'CloudTrail event')};{' '}
              {snap.data.graph && snap.data.findings !== null ? (
                <>
                  graph of {plural(snap.data.graph.nodes, 'node')} and {plural(snap.data.graph.edges, 'edge')}
                  ; {plural(snap.data.findings, 'finding')}
                </>
              ) : (
                // The analysis runs when a view first needs it (a minute for 200,000 roles).
                'graph and findings not analysed yet'
              )}
            </dd>
          </dl>
          {snap.data.notRead.length > 0 && (
            <details open className="text-xs" data-testid="snapshot-not-read">
              <summary className="cursor-pointer font-semibold text-amber-700 dark:text-amber-300">
                Not read, or stale ({snap.data.notRead.length}): earlier data of these parts is kept and
                marked stale; verdicts about them are unknown
              </summary>
              <ul className="mt-1 list-disc pl-5">
                {snap.data.notRead.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            </details>
          )}
          {snap.data.warnings.length > 0 && <Warnings list={snap.data.warnings} label="Snapshot warnings" />}
          <details className="text-xs">
            <summary className="cursor-pointer">History ({snap.data.history.length})</summary>
            <ul className="mt-1 space-y-0.5">
              {snap.data.history.map((h) => (
                <li key={h.id} className="font-mono">
                  #{h.id} {h.importedAt} {h.source.kind}: {h.source.detail}
                </li>
              ))}
            </ul>
          </details>
        </section>
      )}
      {snap.data && <SnapshotDiffView history={snap.data.history} />}
      <RefreshPanel />
      <section aria-label="Import files" className="space-y-2">
        <h2 className="font-semibold">Import files</h2>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          <code>aws iam get-account-authorization-details</code> output (one file per account), with{' '}
          <code>aws iam list-roles</code> output for each role&apos;s MaxSessionDuration, CloudTrail log files
          (<code>.json</code>, <code>.json.gz</code>, JSON lines, or a <code>LookupEvents</code> response).
          IAM files replace the same accounts&apos; IAM of an earlier import (other parts and accounts are
          kept); events are added without duplicates. The demo is never mixed with your data: your first
          import replaces it.
        </p>
        <div
          data-testid="dropzone"
          onDragOver={(e) => {
            e.preventDefault();
            setDrag(true);
          }}
          onDragLeave={() => setDrag(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDrag(false);
            send(e.dataTransfer.files);
          }}
          className={`flex h-32 flex-col items-center justify-center rounded border-2 border-dashed ${drag ? 'border-sky-500 bg-sky-50 dark:bg-sky-950' : 'border-slate-300 dark:border-slate-700'}`}
        >
          <p>Drop files here, or</p>
          <button
            type="button"
            onClick={() => input.current?.click()}
            className="mt-1 rounded border px-3 py-1 hover:bg-slate-100 dark:hover:bg-slate-800"
          >
            choose files
          </button>
          <input
            ref={input}
            type="file"
            multiple
            aria-label="Files to import"
            className="hidden"
            onChange={(e) => send(e.target.files)}
          />
        </div>
        {upload.isPending && <Loading what="the import" />}
        {upload.isError && <ErrorState error={upload.error} />}
        {upload.data && (
          <div
            role="status"
            aria-label="Import result"
            className="rounded border border-slate-200 p-2 text-xs dark:border-slate-700"
          >
            <p>
              Read {upload.data.stats.files} files:{' '}
              {upload.data.snapshotId !== undefined
                ? `new snapshot #${upload.data.snapshotId}; `
                : 'no IAM data; '}
              {upload.data.events.inserted} events added, {upload.data.events.duplicates} already stored.
            </p>
            {upload.data.warnings.length > 0 && (
              <Warnings list={upload.data.warnings} label="Import problems" />
            )}
          </div>
        )}
      </section>
    </div>
  );
}

function Warnings({
  list,
  label,
}: {
  list: { source: string; code: string; message: string }[];
  label: string;
}) {
  return (
    <table aria-label={label} className="w-full text-left text-xs">
      <thead>
        <tr className="text-slate-500">
          <th className="pr-3">File or API</th>
          <th className="pr-3">Problem</th>
        </tr>
      </thead>
      <tbody>
        {list.map((w, i) => (
          <tr key={i} data-testid="warning" className="align-top">
            <td className="pr-3 font-mono">{w.source}</td>
            <td>
              {w.message} <span className="text-slate-400">({w.code})</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
