'use client';

import { useEffect, useMemo, useState } from 'react';
import { useSearch } from '@/components/data/hooks';
import { Combobox, type ComboOption } from '@/components/ui/combobox';
import { kindLabel } from './nodes';

/** The server's node search for what is typed, after a short pause, as combobox options. */
export function useNodeOptions(text: string, pauseMs = 120): ComboOption[] {
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setDebounced(text), pauseMs);
    return () => clearTimeout(t);
  }, [text, pauseMs]);
  const { data } = useSearch(debounced);
  return useMemo(
    () =>
      text.trim() === ''
        ? []
        : (data?.hits ?? []).map((h) => ({
            value: h.id,
            label: h.label,
            detail: `${kindLabel(h.kind)}${h.account ? ` · ${h.account}` : ''}`,
          })),
    [data, text],
  );
}

/**
 * Type-ahead over node names, ARNs and ids (any case, any part; spaces, hyphens and underscores alike:
 * the server's `searchNodes`); Enter or a click picks a node. The graph's *Find a node* and the path
 * questions' node pickers are this box with another label. Typing adds no history entry; a pick does.
 */
export function NodeSearchBox({
  label = 'Find a node',
  placeholder = 'Find a role, user, bucket, ARN, i-…',
  compact = false,
  onPick,
}: {
  label?: string;
  placeholder?: string;
  /** The smaller box of a side panel. */
  compact?: boolean;
  onPick: (id: string) => void;
}) {
  const [text, setText] = useState('');
  const options = useNodeOptions(text);
  return (
    <div className={compact ? 'w-full' : 'w-80'}>
      <Combobox
        label={label}
        placeholder={placeholder}
        options={options}
        onText={setText}
        onPick={(o) => onPick(o.value)}
        clearOnPick
        autoSelect
        inputClassName={`w-full rounded border border-slate-300 bg-white dark:border-slate-700 dark:bg-slate-900 ${compact ? 'px-2 py-1 text-xs' : 'px-3 py-1.5 text-sm'}`}
        listClassName={compact ? 'w-full text-xs' : 'w-[28rem] text-sm'}
      />
    </div>
  );
}
