'use client';

import { useEffect, useId, useState, type ReactNode } from 'react';
import { comboKey, shownState, type ComboState } from './combobox-keys';

export interface ComboOption {
  /** What picking it gives (an ARN, a rule id, a stored value); unique within the list. */
  value: string;
  /** What a person reads first; the value when not given. */
  label?: string;
  /** Small text after the label: kind, account. */
  detail?: ReactNode;
}

/**
 * The one suggestion box of the app: an ARIA combobox (role=combobox, aria-expanded, aria-controls,
 * aria-activedescendant over a listbox of options), driven by arrows, Enter, Escape and the mouse.
 * The box owns what is typed; `onText` tells the owner so it can fetch or filter `options`.
 * Enter on a highlighted option (or a click) calls `onPick`; Enter with none highlighted calls
 * `onSubmit` with the typed text. Focus stays in the box throughout.
 */
export function Combobox({
  label,
  options,
  onText,
  onPick,
  onSubmit,
  text: given = '',
  clearOnPick = false,
  autoSelect = false,
  name,
  placeholder,
  inputClassName = '',
  listClassName = '',
}: {
  label: string;
  options: readonly ComboOption[];
  onText?: (text: string) => void;
  onPick: (option: ComboOption) => void;
  onSubmit?: (text: string) => void;
  /**
   * The text from outside (the value in the URL): the box starts with it and shows it again whenever
   * it changes (Back, Forward), without a remount, so the focus stays in the box.
   */
  text?: string;
  /** Empty the box after a pick (a node search); otherwise the box shows the picked value. */
  clearOnPick?: boolean;
  /** Highlight the first option as the list opens, so Enter picks it (boxes that must name a node). */
  autoSelect?: boolean;
  /** A form field's name, for boxes inside a form. */
  name?: string;
  placeholder?: string;
  inputClassName?: string;
  listClassName?: string;
}) {
  const [text, setText] = useState(given);
  const [shownGiven, setShownGiven] = useState(given);
  if (given !== shownGiven) {
    // React's "adjust state when a prop changes": during render, no effect and no extra paint.
    setShownGiven(given);
    setText(given);
  }
  const [raw, setRaw] = useState<ComboState>({ open: false, active: -1 });
  const listId = useId();
  const optionId = (i: number) => `${listId}-o${i}`;
  // A filter box whose text already is a whole value has nothing left to suggest: the list would
  // only cover what the person means to click next.
  const list = !autoSelect && options.some((o) => o.value === text.trim()) ? [] : options;
  const s = shownState(raw, list.length, autoSelect);

  useEffect(() => {
    if (s.active >= 0) document.getElementById(optionId(s.active))?.scrollIntoView({ block: 'nearest' });
    // optionId depends only on listId, which never changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [s.active]);

  const type = (t: string) => {
    setText(t);
    setRaw({ open: t.trim() !== '', active: -1 });
    onText?.(t);
  };
  const pick = (o: ComboOption) => {
    setRaw({ open: false, active: -1 });
    if (clearOnPick) type('');
    else setText(o.value);
    if (!clearOnPick) onText?.(o.value);
    onPick(o);
  };

  return (
    <div className="relative">
      <input
        type="text"
        role="combobox"
        aria-label={label}
        aria-expanded={s.open}
        aria-controls={listId}
        aria-autocomplete="list"
        {...(s.active >= 0 ? { 'aria-activedescendant': optionId(s.active) } : {})}
        autoComplete="off"
        spellCheck={false}
        {...(name ? { name } : {})}
        placeholder={placeholder}
        value={text}
        onChange={(e) => type(e.target.value)}
        onBlur={() => setRaw({ open: false, active: -1 })}
        onKeyDown={(e) => {
          const a = comboKey(s, e.key, list.length);
          if (a.type === 'none') return;
          if (a.type === 'submit') {
            // In a form with no `onSubmit` here, Enter submits the form as usual.
            if (!onSubmit) return;
            e.preventDefault();
            setRaw({ open: false, active: -1 });
            onSubmit(text);
            return;
          }
          e.preventDefault();
          if (a.type === 'state') setRaw(a.state);
          else if (a.type === 'clear') type('');
          else {
            const o = list[a.index];
            if (o) pick(o);
          }
        }}
        className={inputClassName}
      />
      <ul
        id={listId}
        role="listbox"
        // Named apart from the box: a label search for the box must find the box alone.
        aria-label="Suggestions"
        hidden={!s.open}
        className={`absolute z-30 mt-1 max-h-72 overflow-auto rounded border border-slate-200 bg-white py-1 shadow-lg dark:border-slate-700 dark:bg-slate-900 ${listClassName}`}
      >
        {s.open &&
          list.map((o, i) => (
            <li
              key={o.value}
              id={optionId(i)}
              role="option"
              aria-selected={i === s.active}
              // mousedown, not click: the box keeps focus, so the list is still there to click.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(o);
              }}
              onMouseMove={() => i !== s.active && setRaw({ open: true, active: i })}
              className={`cursor-pointer px-3 py-1 ${i === s.active ? 'bg-sky-100 dark:bg-sky-900' : ''}`}
            >
              <span className="font-medium break-all">{o.label ?? o.value}</span>
              {o.detail !== undefined && (
                <span className="ml-2 text-xs text-slate-600 dark:text-slate-400">{o.detail}</span>
              )}
            </li>
          ))}
      </ul>
    </div>
  );
}
