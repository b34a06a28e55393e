'use client';

import { DecisionBadge } from '@/components/graph/edge-reasons';
import type { CheckedChain } from '@/lib/app/check';
import { PASTE_SHELL } from '@/lib/model/shell';

const STATUS_CLS: Record<string, string> = {
  pass: 'border-emerald-300 bg-emerald-50 dark:bg-emerald-950/40',
  fail: 'border-red-300 bg-red-50 dark:bg-red-950/40',
  conditional: 'border-amber-300 bg-amber-50 dark:bg-amber-950/40',
  skipped: 'border-slate-200 bg-slate-50 dark:bg-slate-900',
  'not-applicable': 'border-slate-200 bg-white dark:bg-slate-950',
};

/** One chain's verdict and its five steps, each with its reasons, open conditions and fix. */
export function ChainResult({ check }: { check: CheckedChain }) {
  const { request, result, notChecked, label } = check;
  return (
    <div className="space-y-2" data-testid="chain-result">
      <h2 className="text-base font-semibold">
        {label !== 'chain' && <span className="mr-2 text-slate-500">{label}:</span>}
        <span data-testid="check-verdict">
          {notChecked !== undefined
            ? 'Not checked'
            : result?.ok
              ? 'The chain works'
              : result?.steps.some((s) => s.status === 'fail')
                ? 'The chain is broken'
                : 'Not fully checked'}
        </span>
      </h2>
      <p className="break-all font-mono text-xs text-slate-600 dark:text-slate-400">
        {request.source ?? '(source not given)'} → {request.targetRole ?? '(own credentials)'} →{' '}
        {request.actions.join(', ')} on {request.resource ?? '(no resource named)'}
      </p>
      {notChecked !== undefined && (
        <p className="text-sm text-amber-800 dark:text-amber-300" data-testid="not-checked">
          {notChecked}
        </p>
      )}
      <ol className="space-y-2">
        {(result?.steps ?? []).map((s) => (
          <li
            key={s.step}
            data-testid="check-step"
            data-status={s.status}
            className={`rounded border p-2 text-sm ${STATUS_CLS[s.status] ?? ''}`}
          >
            <div className="flex items-center gap-2">
              <span className="font-semibold">
                {s.step}. {s.title}
              </span>
              <span className="ml-auto text-xs font-bold uppercase">{s.status}</span>
            </div>
            {s.actions && s.actions.length > 1 && (
              <p className="mt-1 text-xs">
                {s.actions.map((a) => (
                  <span key={a.action} className="mr-2 font-mono" data-status={a.status}>
                    {a.action} {a.status}
                  </span>
                ))}
              </p>
            )}
            {(s.openConditions ?? []).length > 0 && (
              <ul className="mt-1 list-disc pl-5 text-xs text-amber-800 dark:text-amber-300">
                {s.openConditions!.map((c, i) => (
                  <li key={i}>{c.text}</li>
                ))}
              </ul>
            )}
            <ul className="mt-1 space-y-0.5 text-xs text-slate-700 dark:text-slate-300">
              {s.reasons.slice(0, 8).map((r, i) => (
                <li key={i}>
                  {r.effect && <DecisionBadge decision={r.effect === 'Deny' ? 'ExplicitDeny' : 'Allow'} />}{' '}
                  {r.message}
                </li>
              ))}
            </ul>
            {s.fix && (
              <pre
                className="mt-1 whitespace-pre-wrap break-all text-xs font-medium"
                title={`aws commands are quoted for a ${PASTE_SHELL}`}
              >
                Fix: {s.fix}
              </pre>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
