'use client';

import { useEffect, useSyncExternalStore } from 'react';

const KEY = 'rolechain-theme';
type Theme = 'light' | 'dark';
const listeners = new Set<() => void>();

function stored(): Theme | null {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'dark' || v === 'light' ? v : null;
  } catch {
    return null;
  }
}

/** The user's choice when made, else the system's preference. */
function current(): Theme {
  return stored() ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
}

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  const mq = matchMedia('(prefers-color-scheme: dark)');
  mq.addEventListener('change', fn);
  window.addEventListener('storage', fn);
  return () => {
    listeners.delete(fn);
    mq.removeEventListener('change', fn);
    window.removeEventListener('storage', fn);
  };
}

function choose(t: Theme): void {
  try {
    localStorage.setItem(KEY, t);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  for (const fn of listeners) fn();
}

/**
 * Dark mode: a toggle that persists in localStorage, defaulting to the system preference.
 * The class is set from an effect, since the CSP allows no inline script to set it before paint.
 */
/** The theme in effect, for components (React Flow) that take it as a prop. */
export function useTheme(): Theme {
  return useSyncExternalStore<Theme>(subscribe, current, () => 'light');
}

export function ThemeToggle() {
  const theme = useTheme();
  useEffect(() => {
    document.documentElement.classList.toggle('dark', theme === 'dark');
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      onClick={() => choose(next)}
      aria-label={`Switch to ${next} mode`}
      aria-pressed={theme === 'dark'}
      data-testid="theme-toggle"
      className="ml-auto rounded border border-slate-300 px-2 py-1 text-xs text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
    >
      {theme === 'dark' ? '☾ Dark' : '☀ Light'}
    </button>
  );
}
