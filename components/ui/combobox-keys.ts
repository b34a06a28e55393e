/**
 * What a key does in a suggestion box (WAI-ARIA APG "combobox with list autocomplete"), as a pure
 * function so the keyboard contract is tested without a browser. `active` is the highlighted
 * option's index, -1 for none; the list is `open` only when it also has options to show.
 */
export interface ComboState {
  open: boolean;
  active: number;
}

export type ComboAction =
  | { type: 'state'; state: ComboState }
  /** Enter on a highlighted option: pick it. */
  | { type: 'pick'; index: number }
  /** Enter with nothing highlighted: take the typed text as it is. */
  | { type: 'submit' }
  /** Escape on a closed list: empty the box. */
  | { type: 'clear' }
  /** Not ours: let the browser have the key. */
  | { type: 'none' };

/** `s` is the state as shown (`shownState`), `count` the options on show. */
export function comboKey(s: ComboState, key: string, count: number): ComboAction {
  switch (key) {
    case 'ArrowDown':
      if (count === 0) return { type: 'none' };
      if (!s.open) return { type: 'state', state: { open: true, active: 0 } };
      return { type: 'state', state: { open: true, active: (s.active + 1) % count } };
    case 'ArrowUp':
      if (count === 0) return { type: 'none' };
      if (!s.open) return { type: 'state', state: { open: true, active: count - 1 } };
      return { type: 'state', state: { open: true, active: s.active <= 0 ? count - 1 : s.active - 1 } };
    case 'Enter':
      return s.open && s.active >= 0 && s.active < count
        ? { type: 'pick', index: s.active }
        : { type: 'submit' };
    case 'Escape':
      return s.open && count > 0 ? { type: 'state', state: { open: false, active: -1 } } : { type: 'clear' };
    default:
      return { type: 'none' };
  }
}

/**
 * What is shown for `count` options: the list is open only with options in it; a highlight past the
 * end (the options changed) is dropped; with `autoSelect` the first option is highlighted, so options
 * that arrive after the typing still get one.
 */
export function shownState(s: ComboState, count: number, autoSelect: boolean): ComboState {
  const open = s.open && count > 0;
  if (!open) return { open: false, active: -1 };
  const active = s.active < count ? s.active : -1;
  return { open, active: autoSelect ? Math.max(active, 0) : active };
}
