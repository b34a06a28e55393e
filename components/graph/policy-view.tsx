'use client';

import type { NodePolicy } from '@/lib/server/node-details';

/**
 * A policy document as formatted JSON, one block per statement, so the statements that decided an
 * edge can be highlighted. Text is rendered as text (React escapes it): policy JSON is data, never markup.
 */
export function PolicyView({ policy, highlight }: { policy: NodePolicy; highlight: ReadonlySet<number> }) {
  const doc = policy.document as { Statement?: unknown } | null;
  const statements = doc && Array.isArray(doc.Statement) ? (doc.Statement as unknown[]) : undefined;
  return (
    <section
      className="rounded border border-slate-200 dark:border-slate-700"
      aria-label={`${policy.kind} policy ${policy.name}`}
    >
      <header className="flex items-baseline justify-between gap-2 border-b border-slate-200 bg-slate-50 px-2 py-1 text-xs dark:border-slate-700 dark:bg-slate-800">
        <span className="font-semibold">{policy.name}</span>
        <span className="text-slate-500">{policy.kind}</span>
      </header>
      {doc === null ? (
        <p className="p-2 text-xs text-amber-700">The document of this policy is not in the snapshot.</p>
      ) : statements ? (
        // Scrolls on its own: focusable, so a keyboard can scroll it too.
        <div
          tabIndex={0}
          role="group"
          aria-label={`${policy.name}: statements`}
          className="max-h-96 overflow-auto p-1 text-[11px] leading-snug"
        >
          {statements.map((st, i) => (
            <pre
              key={i}
              data-testid="policy-statement"
              data-highlighted={highlight.has(i) ? 'true' : 'false'}
              className={`whitespace-pre-wrap break-all rounded px-1 py-0.5 font-mono ${highlight.has(i) ? 'bg-amber-100 ring-1 ring-amber-400 dark:bg-amber-900/50' : ''}`}
            >
              {JSON.stringify(st, null, 2)}
            </pre>
          ))}
        </div>
      ) : (
        <pre
          tabIndex={0}
          aria-label={`${policy.name}: document`}
          className="max-h-96 overflow-auto whitespace-pre-wrap break-all p-2 font-mono text-[11px]"
        >
          {JSON.stringify(doc, null, 2)}
        </pre>
      )}
    </section>
  );
}
