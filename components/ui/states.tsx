'use client';

import { ApiError } from '@/components/data/api';

export function Loading({ what }: { what: string }) {
  return (
    <div role="status" className="p-6 text-sm text-slate-500">
      Loading {what}…
    </div>
  );
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const message =
    error instanceof ApiError || error instanceof Error ? error.message : 'Something went wrong.';
  return (
    <div
      role="alert"
      className="m-4 rounded border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <p>{message}</p>
      {retry && (
        <button
          type="button"
          onClick={retry}
          className="mt-2 rounded border border-red-400 px-3 py-1 hover:bg-red-100 dark:hover:bg-red-900"
        >
          Retry
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <div className="p-6 text-sm text-slate-500">{children}</div>;
}
