'use client';

import Link from 'next/link';
import { CopyButton } from '@/components/ui/copy-button';
import type { Finding } from '@/lib/findings/types';
import { PASTE_SHELL } from '@/lib/model/shell';

const SEVERITY_CLS: Record<string, string> = {
  critical: 'bg-red-700 text-white',
  // White on red-600 is 4.8:1 (red-500 was 3.8:1, under WCAG AA for small text).
  high: 'bg-red-600 text-white',
  medium: 'bg-amber-400 text-amber-950',
  low: 'bg-sky-200 text-sky-950',
  info: 'bg-slate-200 text-slate-800',
};

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <span className={`rounded px-1.5 py-0.5 text-[11px] font-bold uppercase ${SEVERITY_CLS[severity] ?? ''}`}>
      {severity}
    </span>
  );
}

const graphLink = (id: string) => `/?${new URLSearchParams({ focus: id, sel: id }).toString()}`;

export function FindingCard({ finding: f }: { finding: Finding }) {
  const fixJson = f.fix?.addStatement !== undefined ? JSON.stringify(f.fix.addStatement, null, 2) : undefined;
  const docJson = f.fix?.newDocument !== undefined ? JSON.stringify(f.fix.newDocument, null, 2) : undefined;
  return (
    <article
      data-testid="finding"
      data-rule={f.rule}
      aria-label={f.title}
      className="rounded border border-slate-200 p-3 text-sm dark:border-slate-700"
    >
      <header className="flex flex-wrap items-center gap-2">
        <SeverityBadge severity={f.severity} />
        <h3 className="font-semibold">{f.title}</h3>
        <code className="text-xs text-slate-500">{f.rule}</code>
      </header>
      <p className="mt-1 text-slate-700 dark:text-slate-300">{f.message}</p>
      {f.nodes.length > 0 && (
        <p className="mt-2 flex flex-wrap gap-2 text-xs">
          {f.nodes.map((n) => (
            <Link
              key={n}
              href={graphLink(n)}
              className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-sky-800 hover:underline dark:bg-slate-800 dark:text-sky-300"
            >
              {n}
            </Link>
          ))}
        </p>
      )}
      {f.evidence.length > 0 && (
        <details className="mt-2 text-xs">
          <summary className="cursor-pointer text-slate-600 dark:text-slate-400">
            Evidence ({f.evidence.length})
          </summary>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {f.evidence.map((e, i) => (
              <li key={i}>
                {e.text}
                {e.policy && (
                  <span className="text-slate-500">
                    {' '}
                    — {e.policy.kind} {e.policy.name ?? e.policy.arn ?? ''}
                    {e.statement ? `, statement ${e.statement.sid ?? `#${e.statement.index}`}` : ''}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
      {f.fix && (
        <section aria-label="Fix" className="mt-2 rounded bg-emerald-50 p-2 text-xs dark:bg-emerald-950/40">
          <p className="font-semibold">Fix: {f.fix.summary}</p>
          {fixJson && (
            <div className="mt-1">
              <div className="flex items-center justify-between">
                <span className="text-slate-600 dark:text-slate-400">Statement to add</span>
                <CopyButton text={fixJson} label="Copy statement" />
              </div>
              <pre
                data-testid="fix-json"
                className="mt-1 overflow-auto rounded bg-white p-2 font-mono dark:bg-slate-900"
              >
                {fixJson}
              </pre>
            </div>
          )}
          {docJson && (
            <details className="mt-1">
              <summary className="cursor-pointer">Whole policy after the fix</summary>
              <div className="flex justify-end">
                <CopyButton text={docJson} label="Copy policy" />
              </div>
              <pre className="mt-1 max-h-72 overflow-auto rounded bg-white p-2 font-mono dark:bg-slate-900">
                {docJson}
              </pre>
            </details>
          )}
          {f.fix.cli && (
            <div className="mt-1">
              <div className="flex items-center justify-between">
                <span className="text-slate-600 dark:text-slate-400">
                  AWS CLI <span data-testid="fix-cli-shell">({PASTE_SHELL})</span>
                </span>
                <CopyButton text={f.fix.cli} label="Copy command" />
              </div>
              <pre
                data-testid="fix-cli"
                className="mt-1 overflow-auto whitespace-pre-wrap break-all rounded bg-white p-2 font-mono dark:bg-slate-900"
              >
                {f.fix.cli}
              </pre>
            </div>
          )}
          {f.fix.recheck && (
            <p className="mt-1 text-slate-700 dark:text-slate-300">
              Re-checked: {f.fix.recheck.before} → {f.fix.recheck.after}
              {f.fix.recheck.openedElsewhere.length === 0
                ? `; ${f.fix.recheck.checked} other principals re-checked, none gains access.`
                : `; also opens: ${f.fix.recheck.openedElsewhere.join(', ')}`}
            </p>
          )}
          {f.fix.recheck?.findings && (
            <p className="mt-1 text-slate-700 dark:text-slate-300" data-testid="fix-findings-diff">
              Every rule re-run on the fixed policy:{' '}
              {f.fix.recheck.findings.removed.length === 0
                ? 'removes no finding'
                : `removes ${f.fix.recheck.findings.removed.map((c) => `${c.rule} (${c.severity})`).join(', ')}`}
              ;{' '}
              {f.fix.recheck.findings.added.length === 0
                ? 'adds none.'
                : `adds ${f.fix.recheck.findings.added.map((c) => `${c.rule} (${c.severity})`).join(', ')}.`}
            </p>
          )}
        </section>
      )}
    </article>
  );
}
