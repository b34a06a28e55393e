'use client';

import type { UrlPatch } from '@/components/data/use-url-state';
import type { SnapshotInfo } from '@/components/data/hooks';
import { SEVERITIES } from '@/lib/findings/types';
import type { EdgeKind } from '@/lib/graph/types';
import { accountLabel, listsWhole } from './account-choice';
import { AccountSearch, CollapseSearch } from './account-pickers';
import { Legend } from './legend';
import { USAGE_FILTERS } from './view-transform';

const SELECT =
  'mt-1 block w-full rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-700 dark:bg-slate-900';
const USAGE_LABEL: Record<(typeof USAGE_FILTERS)[number], string> = {
  all: 'all edges',
  observed: 'only observed in CloudTrail',
  unused: 'only possible, never used',
};

/** The explorer's sidebar: depth, account, finding severity, usage, collapsed accounts and edge kinds. */
export function GraphControls({
  depth,
  account,
  severity,
  usage,
  collapsed,
  accounts,
  shown,
  onToggleKind,
  onToggleCollapsed,
  focused,
  hubs,
  set,
}: {
  depth: number;
  account: string | undefined;
  severity: string | undefined;
  usage: string;
  collapsed: readonly string[];
  accounts: SnapshotInfo['accounts'];
  shown: ReadonlySet<EdgeKind>;
  onToggleKind: (k: EdgeKind) => void;
  /** Collapses or opens an account (in the summary, opening is what a click does). */
  onToggleCollapsed: (id: string) => void;
  /** A focus is set: the hub toggle applies. */
  focused: boolean;
  hubs: boolean;
  set: (patch: UrlPatch) => void;
}) {
  const toggleCollapsed = onToggleCollapsed;
  // A large estate gets search boxes, not a select and a checkbox for each of its accounts.
  const whole = listsWhole(accounts);
  return (
    <aside
      aria-label="Graph filters"
      className="w-60 shrink-0 space-y-4 overflow-auto border-r border-slate-200 p-3 dark:border-slate-800"
    >
      <label className="block text-xs">
        <span className="font-semibold text-slate-600 dark:text-slate-300">Depth</span>
        <select
          aria-label="Depth"
          value={depth}
          onChange={(e) => set({ depth: e.target.value })}
          className="ml-2 rounded border border-slate-300 bg-white px-1 dark:border-slate-700 dark:bg-slate-900"
        >
          {[1, 2, 3, 4, 5, 6].map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
      </label>
      <label
        className={`flex items-start gap-2 text-xs ${focused ? '' : 'opacity-60'}`}
        title="Off: a focus's neighbourhood shows AWS services, * and account roots but does not walk on through them, so roles that only share ec2.amazonaws.com stay out"
      >
        <input
          type="checkbox"
          checked={hubs}
          disabled={!focused}
          onChange={() => set({ hubs: hubs ? undefined : 'through' })}
          className="mt-0.5"
        />
        <span>Walk through services and account roots</span>
      </label>
      {whole ? (
        <label className="block text-xs">
          <span className="font-semibold text-slate-600 dark:text-slate-300">Account</span>
          <select
            aria-label="Account"
            value={account ?? ''}
            onChange={(e) => set({ account: e.target.value || undefined })}
            className={SELECT}
          >
            <option value="">All accounts</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {accountLabel(a)}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <div className="block text-xs">
          <span className="font-semibold text-slate-600 dark:text-slate-300">Account</span>
          <AccountSearch accounts={accounts} account={account} onChange={(a) => set({ account: a })} />
        </div>
      )}
      <label className="block text-xs">
        <span className="font-semibold text-slate-600 dark:text-slate-300">Findings at least</span>
        <select
          aria-label="Finding severity"
          value={severity ?? ''}
          onChange={(e) => set({ sev: e.target.value || undefined })}
          className={SELECT}
        >
          <option value="">any node</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="block text-xs">
        <span className="font-semibold text-slate-600 dark:text-slate-300">Usage</span>
        <select
          aria-label="Usage"
          value={usage}
          onChange={(e) => set({ use: e.target.value === 'all' ? undefined : e.target.value })}
          className={SELECT}
        >
          {USAGE_FILTERS.map((u) => (
            <option key={u} value={u}>
              {USAGE_LABEL[u]}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="space-y-1 text-xs" aria-label="Collapse accounts">
        <legend className="mb-1 font-semibold text-slate-600 dark:text-slate-300">Collapse accounts</legend>
        {whole ? (
          accounts
            .filter((a) => !a.external)
            .map((a) => (
              <label key={a.id} className="flex cursor-pointer items-center gap-2">
                <input
                  type="checkbox"
                  checked={collapsed.includes(a.id)}
                  onChange={() => toggleCollapsed(a.id)}
                  aria-label={`Collapse ${accountLabel(a)}`}
                />
                <span className="min-w-0 truncate" title={a.id}>
                  {accountLabel(a)}
                </span>
              </label>
            ))
        ) : (
          <CollapseSearch accounts={accounts} collapsed={collapsed} onToggle={toggleCollapsed} />
        )}
      </fieldset>
      <Legend shown={shown} onToggle={onToggleKind} />
    </aside>
  );
}
