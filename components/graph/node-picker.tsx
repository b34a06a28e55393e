'use client';

import { useEffect, useId, useState } from 'react';
import { useSearch } from '@/components/data/hooks';
import { kindLabel } from './nodes';

/** Type-ahead that picks the other end of a path question; labelled by what it picks. */
export function NodePicker({ label, onPick }: { label: string; onPick: (id: string) => void }) {
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
    <div className="relative">
      <input
        type="search"
        role="combobox"
        aria-label={label}
        aria-expanded={hits.length > 0}
        aria-controls={listId}
        placeholder="Type a role, user, instance, bucket…"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, hits.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter' && hits[active]) pick(hits[active].id);
          else if (e.key === 'Escape') {
            e.preventDefault();
            setText('');
          }
        }}
        className="w-full rounded border border-slate-300 bg-white px-2 py-1 text-xs dark:border-slate-700 dark:bg-slate-900"
      />
      {hits.length > 0 && (
        <ul
          id={listId}
          role="listbox"
          aria-label={`${label}: suggestions`}
          className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded border border-slate-200 bg-white py-1 text-xs shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          {hits.map((h, i) => (
            <li
              key={h.id}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(h.id);
              }}
              className={`cursor-pointer px-2 py-1 ${i === active ? 'bg-sky-100 dark:bg-sky-900' : ''}`}
            >
              <span className="font-medium">{h.label}</span>
              <span className="ml-2 text-slate-500">
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
