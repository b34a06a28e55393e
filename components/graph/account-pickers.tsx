'use client';

import { useState } from 'react';
import { Combobox } from '@/components/ui/combobox';
import type { AccountEntry } from './account-choice';
import { accountLabel, matchAccounts } from './account-choice';

const BOX =
  'mt-1 block w-full rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-700 dark:bg-slate-900';

const optionsOf = (accounts: readonly AccountEntry[], text: string) =>
  matchAccounts(accounts, text).map((a) => ({
    value: a.id,
    label: a.name ?? a.id,
    ...(a.name ? { detail: a.id } : {}),
  }));

/**
 * The account filter of a large estate: a search box over the accounts (at most 20 suggestions), not
 * a select of all of them. Picking one shows that account; "All accounts" (or Enter on an empty box)
 * shows them all again.
 */
export function AccountSearch({
  accounts,
  account,
  onChange,
}: {
  accounts: readonly AccountEntry[];
  account: string | undefined;
  onChange: (account: string | undefined) => void;
}) {
  const [text, setText] = useState('');
  return (
    <div className="text-xs">
      <Combobox
        label="Account"
        placeholder={`Search ${accounts.length.toLocaleString('en-US')} accounts`}
        text={account ?? ''}
        options={optionsOf(accounts, text)}
        onText={setText}
        onPick={(o) => onChange(o.value)}
        onSubmit={(t) => {
          const id = t.trim();
          if (id === '') onChange(undefined);
          else if (accounts.some((a) => a.id === id)) onChange(id);
        }}
        inputClassName={BOX}
        listClassName="w-72"
      />
      {account !== undefined && (
        <button type="button" onClick={() => onChange(undefined)} className="mt-1 underline">
          All accounts
        </button>
      )}
    </div>
  );
}

/**
 * "Collapse accounts" for a large estate: a search box to collapse one more account, and a checkbox
 * for each account already collapsed (to open it again), never one for every account.
 */
export function CollapseSearch({
  accounts,
  collapsed,
  onToggle,
}: {
  accounts: readonly AccountEntry[];
  collapsed: readonly string[];
  onToggle: (id: string) => void;
}) {
  const [text, setText] = useState('');
  const own = accounts.filter((a) => !a.external && !collapsed.includes(a.id));
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return (
    <div className="space-y-1">
      <Combobox
        label="Find an account to collapse"
        placeholder="Account id or name"
        options={optionsOf(own, text)}
        onText={setText}
        onPick={(o) => onToggle(o.value)}
        clearOnPick
        // Enter collapses the best match, also when a whole id is typed.
        autoSelect
        inputClassName={BOX}
        listClassName="w-72"
      />
      {collapsed.map((id) => {
        const label = accountLabel(byId.get(id) ?? { id, name: null });
        return (
          <label key={id} className="flex cursor-pointer items-center gap-2">
            <input type="checkbox" checked onChange={() => onToggle(id)} aria-label={`Collapse ${label}`} />
            <span className="min-w-0 truncate" title={id}>
              {label}
            </span>
          </label>
        );
      })}
    </div>
  );
}
