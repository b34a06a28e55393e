'use client';

import { useState } from 'react';
import { OVERVIEW_FIRST, useAnalysis, useOverview } from '@/components/data/hooks';
import { ErrorState, Loading } from '@/components/ui/states';
import type { Overview } from '@/lib/app/overview';

type AccountDigest = Overview['accounts'][number];

/** Rows per page of the all-accounts list. */
const PAGE = 50;
const SEVERITY_CLS: Record<string, string> = {
  critical: 'bg-red-700 text-white',
  high: 'bg-orange-600 text-white',
  medium: 'bg-amber-300 text-amber-950',
  low: 'bg-sky-200 text-sky-950',
  info: 'bg-slate-200 text-slate-800',
};
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

const n = (x: number): string => x.toLocaleString('en-US');
const plural = (x: number, one: string, many = `${one}s`): string => `${n(x)} ${x === 1 ? one : many}`;

function contents(a: AccountDigest): string {
  const parts = [plural(a.roles, 'role'), plural(a.users, 'user')];
  if (a.instanceProfiles > 0) parts.push(plural(a.instanceProfiles, 'instance profile'));
  if (a.buckets > 0) parts.push(plural(a.buckets, 'bucket'));
  return parts.join(' · ');
}

function FindingBadges({ a, analysed }: { a: AccountDigest; analysed: boolean }) {
  if (!a.findings)
    return <span className="text-slate-500">{analysed ? 'not analysed' : 'findings: analysing…'}</span>;
  if (a.findings.total === 0) return <span className="text-slate-500">no findings</span>;
  const f = a.findings;
  return (
    <span className="flex flex-wrap gap-1" aria-label={`${plural(f.total, 'finding')}`}>
      {SEVERITIES.filter((s) => f[s] > 0).map((s) => (
        <span key={s} className={`rounded px-1.5 py-0.5 text-[11px] font-semibold ${SEVERITY_CLS[s]}`}>
          {n(f[s])} {s}
        </span>
      ))}
    </span>
  );
}

function Totals({ o }: { o: Overview }) {
  const t = o.totals;
  return (
    <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="overview-totals">
      {plural(t.accounts, 'account')} · {plural(t.roles, 'role')} · {plural(t.users, 'user')}
      {t.instanceProfiles > 0 && <> · {plural(t.instanceProfiles, 'instance profile')}</>}
      {t.buckets > 0 && <> · {plural(t.buckets, 'bucket')}</>}
      {t.external > 0 && <> · {plural(t.external, 'outside account')} named as principals</>}
      {' · '}
      {o.analysed && o.findings !== undefined ? (
        <a href="/findings" className="underline">
          {plural(o.findings, 'finding')}
        </a>
      ) : (
        <span role="status" data-testid="overview-analysing">
          analysing for findings — {n(t.roles + t.users)} principals take up to a minute or two; the other
          views answer when it is done
        </span>
      )}
    </p>
  );
}

/**
 * The first view of an estate too large to draw whole (over 24 accounts or 300 principals and
 * resources): the accounts that need attention first, as cards, then every account in a list that is
 * filtered and paged on the server. Opening an account draws it (`?account=`), where its chains are.
 */
export function AccountOverview({ onOpen }: { onOpen: (account: string) => void }) {
  const top = useOverview(OVERVIEW_FIRST);
  const [text, setText] = useState('');
  const [page, setPage] = useState(0);
  const [sort, setSort] = useState<'findings' | 'roles' | 'id'>('findings');
  const list = useOverview({ q: text.trim() || undefined, sort, limit: PAGE, offset: page * PAGE });
  useAnalysis(top.data?.snapshot.id, top.data !== undefined && !top.data.analysed);

  if (top.isPending) return <Loading what="the overview" />;
  if (top.isError) return <ErrorState error={top.error} retry={() => void top.refetch()} />;
  const o = top.data;
  const ranked = o.analysed ? 'Accounts with the most severe findings' : 'Largest accounts';
  return (
    <div className="h-full space-y-4 overflow-auto p-4" data-testid="account-overview">
      <Totals o={o} />
      <section aria-labelledby="overview-top">
        <h2 id="overview-top" className="mb-2 text-sm font-semibold">
          {ranked}{' '}
          <span className="font-normal text-slate-500">
            ({Math.min(o.accounts.length, o.totals.accounts)} of {n(o.totals.accounts)}; open one to draw its
            roles and chains)
          </span>
        </h2>
        <ul className="grid grid-cols-[repeat(auto-fill,minmax(15rem,1fr))] gap-2">
          {o.accounts.map((a) => (
            <li key={a.id}>
              <button
                type="button"
                data-testid="account-card"
                onClick={() => onOpen(a.id)}
                className="w-full rounded border border-slate-300 bg-white p-2 text-left text-xs hover:border-sky-500 dark:border-slate-700 dark:bg-slate-900"
              >
                <span className="block truncate text-sm font-semibold">{a.name ?? a.id}</span>
                {a.name && <span className="block font-mono text-slate-500">{a.id}</span>}
                <span className="mt-1 block text-slate-600 dark:text-slate-300">{contents(a)}</span>
                <span className="mt-1 block">
                  <FindingBadges a={a} analysed={o.analysed} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="overview-all" className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <h2 id="overview-all" className="text-sm font-semibold">
            All accounts
          </h2>
          <input
            type="search"
            aria-label="Filter accounts by id or name"
            placeholder="Filter by id or name"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setPage(0);
            }}
            className="rounded border px-2 py-0.5 text-xs dark:bg-slate-900"
          />
          <label className="text-xs">
            Order{' '}
            <select
              value={sort}
              onChange={(e) => {
                setSort(e.target.value as typeof sort);
                setPage(0);
              }}
              className="rounded border px-1 py-0.5 dark:bg-slate-900"
            >
              <option value="findings">most severe findings</option>
              <option value="roles">most roles and users</option>
              <option value="id">account id</option>
            </select>
          </label>
          {list.data && (
            <span className="text-xs text-slate-500" data-testid="account-list-range">
              {list.data.matched === 0
                ? 'no account matches'
                : `${n(list.data.offset + 1)}–${n(list.data.offset + list.data.accounts.length)} of ${n(list.data.matched)}`}
            </span>
          )}
          <button
            type="button"
            disabled={page === 0}
            onClick={() => setPage((p) => Math.max(0, p - 1))}
            className="rounded border px-2 py-0.5 text-xs disabled:opacity-40"
          >
            Previous
          </button>
          <button
            type="button"
            disabled={!list.data || (page + 1) * PAGE >= list.data.matched}
            onClick={() => setPage((p) => p + 1)}
            className="rounded border px-2 py-0.5 text-xs disabled:opacity-40"
          >
            Next
          </button>
        </div>
        {list.isError ? (
          <ErrorState error={list.error} retry={() => void list.refetch()} />
        ) : (
          <table className="w-full text-xs" aria-label="All accounts">
            <thead>
              <tr className="text-left text-slate-500">
                <th className="pr-3">Account</th>
                <th className="pr-3">Roles</th>
                <th className="pr-3">Users</th>
                <th className="pr-3">Instance profiles</th>
                <th>Findings</th>
              </tr>
            </thead>
            <tbody>
              {(list.data?.accounts ?? []).map((a) => (
                <tr
                  key={a.id}
                  data-testid="account-row"
                  className="border-t border-slate-200 dark:border-slate-800"
                >
                  <td className="pr-3">
                    <button type="button" className="text-left underline" onClick={() => onOpen(a.id)}>
                      {a.name ? `${a.name} ` : ''}
                      <span className="font-mono">{a.id}</span>
                    </button>
                  </td>
                  <td className="pr-3">{n(a.roles)}</td>
                  <td className="pr-3">{n(a.users)}</td>
                  <td className="pr-3">{n(a.instanceProfiles)}</td>
                  <td>
                    <FindingBadges a={a} analysed={list.data?.analysed ?? false} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
