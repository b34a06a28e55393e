'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

/** Every view keeps its state in the URL, so a link reproduces what someone saw. */
export function useUrlState(): [URLSearchParams, (patch: Record<string, string | undefined>) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const path = usePathname();
  const set = useCallback(
    (patch: Record<string, string | undefined>) => {
      const next = new URLSearchParams(params.toString());
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === '') next.delete(k);
        else next.set(k, v);
      }
      const s = next.toString();
      router.replace(s === '' ? path : `${path}?${s}`, { scroll: false });
    },
    [params, router, path],
  );
  return [params, set];
}
