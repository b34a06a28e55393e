'use client';

import { useEffect, useId, useState } from 'react';
import { useSearch } from '@/components/data/hooks';
import { kindLabel } from './nodes';

/**
 * Type-ahead over node names, ARNs and ids (any case, any part; spaces, hyphens and underscores alike:
 * the server's `searchNodes`); Enter or a click picks a node. Typing adds no history entry; a pick does.
 */
export function SearchBox({ onPick }: { onPick: (id: string) => void }) {
  const [text, setText] = useState('');
  const [debounced, setDebounced] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  useEffect(() => {
    const t = setTimeout(() => setDebounced(text), 120);
    return () => clearTimeout(t);
  }, [text]);
  const { data } = useSearch(debounced);
  const hits = text.trim() === '' ? [] : (data?.hits ?? []);
  const pick = (id: string) => {
    onPick(id);
    setText('');
    setActive(0);
  };
  return (
    <div className="relative w-80">
      <input
        type="search"
        role="combobox"
        aria-label="Find a node"
        aria-expanded={hits.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        {...(hits[active] ? { 'aria-activedescendant': `${listId}-${active}` } : {})}
        placeholder="Find a role, user, bucket, ARN, i-…"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, hits.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter' && hits[active]) pick(hits[active].id);
          else if (e.key === 'Escape') setText('');
        }}
        className="w-full rounded border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
      />
      {hits.length > 0 && (
        <ul
          id={listId}
          role="listbox"
          className="absolute z-20 mt-1 max-h-80 w-[28rem] overflow-auto rounded border border-slate-200 bg-white py-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          {hits.map((h, i) => (
            <li
              key={h.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(h.id);
              }}
              className={`cursor-pointer px-3 py-1.5 ${i === active ? 'bg-sky-100 dark:bg-sky-900' : ''}`}
            >
              <span className="font-medium">{h.label}</span>
              <span className="ml-2 text-xs text-slate-500">
                {kindLabel(h.kind)}
                {h.account ? ` · ${h.account}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
