'use client';

import { useQuery } from '@tanstack/react-query';
import type { PathsAnswer, ReachAnswer } from '@/lib/app/paths';
import { fetchJson, keys, qs } from './api';

/** "How does X reach Y?": every chain between two nodes, ranked. */
export function usePaths(from: string | undefined, to: string | undefined) {
  return useQuery({
    queryKey: [...keys.all, 'paths', from ?? '', to ?? ''] as const,
    queryFn: () => fetchJson<PathsAnswer>(`/api/paths${qs({ from, to })}`),
    enabled: from !== undefined && to !== undefined && from !== to,
  });
}

/** "What can X reach?" (`from`) / "Who can reach Y?" (`to`). */
export function useReach(node: string | undefined, direction: 'from' | 'to') {
  return useQuery({
    queryKey: [...keys.all, 'reach', node ?? '', direction] as const,
    queryFn: () => fetchJson<ReachAnswer>(`/api/reach${qs({ node, direction })}`),
    enabled: node !== undefined,
  });
}
