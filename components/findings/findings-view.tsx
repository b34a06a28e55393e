'use client';

import { useMemo, useState } from 'react';
import { qs } from '@/components/data/api';
import { useUrlState } from '@/components/data/use-url-state';
import { Combobox } from '@/components/ui/combobox';
import { Empty, ErrorState, Loading } from '@/components/ui/states';
import { suggestionsFor } from '@/components/ui/suggestions';
import { SEVERITIES } from '@/lib/findings/types';
import { FindingGroupList } from './finding-group';
import { sectionsOf } from './groups';
import { useFindingsOverview } from './use-findings';

/** `?limit=` sets the page size (1–1000); anything else leaves the API's default. */
function pageSize(v: string | null): number | undefined {
  const n = Number(v);
  return v !== null && Number.isInteger(n) && n >= 1 && n <= 1000 ? n : undefined;
}

export function FindingsView() {
  const [params, setParams] = useUrlState();
  const severity = params.get('severity') ?? undefined;
  const rule = params.get('rule') ?? undefined;
  const text = params.get('q') ?? undefined;
  const limit = pageSize(params.get('limit'));
  const filter = { severity, rule, q: text, limit };
  const q = useFindingsOverview(filter);
  // Suggestions for the search box: every rule (from the unfiltered counts) and the titles on show.
  const all = useFindingsOverview({ limit: 1 });
  // What is typed in the search box, kept with the search it was typed over (Back starts afresh).
  const [typedOver, setTypedOver] = useState({ over: text, typed: text ?? '' });
  const typed = typedOver.over === text ? typedOver.typed : (text ?? '');
  const suggestions = useMemo(() => {
    const out = new Set<string>(Object.keys(all.data?.counts.rule ?? {}));
    for (const f of q.data?.findings ?? []) if (out.size < 200) out.add(f.title);
    return suggestionsFor(typed, [...out]);
  }, [all.data, q.data, typed]);
  const sections = useMemo(() => (q.data ? sectionsOf(q.data.counts, q.data.findings) : []), [q.data]);
  const filtered = severity !== undefined || rule !== undefined || text !== undefined;
  return (
    <div className="mx-auto h-full max-w-5xl overflow-auto p-4">
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">Findings</h1>
        {q.data && (
          <span data-testid="findings-total" className="text-sm text-slate-500">
            {q.data.total.toLocaleString('en-US')}
          </span>
        )}
        <label className="text-sm">
          Severity{' '}
          <select
            aria-label="Severity"
            value={severity ?? ''}
            onChange={(e) => setParams({ severity: e.target.value || undefined })}
            className="rounded border border-slate-300 bg-white px-1 dark:border-slate-700 dark:bg-slate-900"
          >
            <option value="">all</option>
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <div className="w-64 text-sm">
          <Combobox
            label="Search findings"
            placeholder="role, bucket, rule, text… (Enter)"
            // Back and Forward show the text searched for.
            text={text ?? ''}
            options={suggestions}
            onText={(t) => setTypedOver({ over: text, typed: t })}
            onPick={(o) => setParams({ q: o.value })}
            onSubmit={(t) => setParams({ q: t.trim() || undefined })}
            inputClassName="w-full rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-700 dark:bg-slate-900"
            listClassName="w-[28rem] text-xs"
          />
        </div>
        {rule && (
          <button
            type="button"
            onClick={() => setParams({ rule: undefined })}
            className="rounded border px-2 py-0.5 text-xs"
          >
            rule: {rule} ✕
          </button>
        )}
        <span className="ml-auto flex gap-2 text-xs">
          <a
            className="underline"
            href={`/api/findings${qs({ severity, rule, q: text, format: 'json' })}`}
            download="rolechain-findings.json"
          >
            Export JSON
          </a>
          <a className="underline" href={`/api/findings${qs({ severity, rule, q: text, format: 'csv' })}`}>
            Export CSV
          </a>
        </span>
      </div>
      {q.data && q.data.notRead.length > 0 && <NotRead lines={q.data.notRead} />}
      {q.isPending ? (
        <Loading what="findings" />
      ) : q.isError ? (
        <ErrorState error={q.error} retry={() => void q.refetch()} />
      ) : q.data.total === 0 ? (
        <Empty>
          {filtered
            ? 'No findings match these filters.'
            : q.data.notRead.length > 0
              ? 'No findings in the data that was read. This is not an all-clear: the parts listed above were not read, and nothing is known about them.'
              : 'No findings. Every chain checks out.'}
        </Empty>
      ) : (
        sections.map((s) => (
          <section key={s.severity} aria-label={`${s.severity} findings`} className="mb-6">
            <h2 className="mb-2 text-sm font-semibold uppercase text-slate-500">
              {s.severity} ({s.count.toLocaleString('en-US')})
            </h2>
            {s.groups.map((g) => (
              <FindingGroupList
                key={g.rule}
                group={g}
                filter={filter}
                onRule={() => setParams({ rule: g.rule })}
              />
            ))}
          </section>
        ))
      )}
    </div>
  );
}

/** What the findings do not cover: shown above the list, and instead of an empty list's all-clear. */
function NotRead({ lines }: { lines: string[] }) {
  return (
    <div
      role="status"
      data-testid="findings-not-read"
      className="mb-4 rounded border border-amber-400 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <p className="font-semibold">
        Not read, or stale ({lines.length}): the findings say nothing about these parts
      </p>
      <ul className="mt-1 list-disc pl-5">
        {lines.slice(0, 20).map((l) => (
          <li key={l}>{l}</li>
        ))}
        {lines.length > 20 && <li>… and {lines.length - 20} more (see Sources)</li>}
      </ul>
    </div>
  );
}
