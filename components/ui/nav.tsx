'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { ThemeToggle } from './theme-toggle';

const LINKS = [
  { href: '/', label: 'Graph' },
  { href: '/findings', label: 'Findings' },
  { href: '/audit', label: 'Audit' },
  { href: '/check', label: 'Chain check' },
  { href: '/sources', label: 'Sources' },
] as const;

export function Nav() {
  const path = usePathname();
  return (
    <header className="flex items-center gap-6 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
      <Link href="/" className="font-semibold tracking-tight">
        Rolechain
      </Link>
      <nav aria-label="Main" className="flex gap-1 text-sm">
        {LINKS.map((l) => {
          const active = l.href === '/' ? path === '/' : path.startsWith(l.href);
          return (
            <Link
              key={l.href}
              href={l.href}
              aria-current={active ? 'page' : undefined}
              className={`rounded px-3 py-1.5 ${active ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900' : 'text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}
            >
              {l.label}
            </Link>
          );
        })}
      </nav>
      <ThemeToggle />
    </header>
  );
}
