'use client';

import Link from 'next/link';
import { useSnapshot } from '@/components/data/hooks';

/**
 * Says plainly, on every page, that what is shown is the fictional demo organisation and how to
 * leave it. The demo lives in a store of its own: the first import or refresh replaces it for good.
 */
export function DemoBanner() {
  const snap = useSnapshot();
  if (!snap.data?.demo) return null;
  return (
    <div
      role="note"
      data-testid="demo-banner"
      className="border-b border-amber-300 bg-amber-50 px-4 py-1.5 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <strong>Demo:</strong> this is the fictional Acme Data organisation, not your AWS. To see yours, import
      your files or refresh from AWS on{' '}
      <Link href="/sources" className="underline">
        Sources
      </Link>{' '}
      (or <code>rolechain import</code> / <code>rolechain collect</code>); the demo is never mixed into your
      data and disappears with your first import.
    </div>
  );
}
