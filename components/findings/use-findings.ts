'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { fetchJson, keys, qs } from '@/components/data/api';
import type { FindingsPage } from '@/lib/server/findings-api';

export interface FindingsFilter {
  severity?: string | undefined;
  rule?: string | undefined;
  q?: string | undefined;
  /** Findings a page; the API's default (100) when absent. */
  limit?: number | undefined;
}

/** The first page (at the API's default limit unless the URL sets one), with the counts every group header needs. */
export function useFindingsOverview(f: FindingsFilter) {
  const params = { severity: f.severity, rule: f.rule, q: f.q, limit: f.limit };
  return useQuery({
    queryKey: keys.findings(params),
    queryFn: () => fetchJson<FindingsPage>(`/api/findings${qs(params)}`),
  });
}

/**
 * The rest of one severity-and-rule group, a page at a time from `start` (the findings of it the
 * first page already showed); fetched only once someone asks for more.
 */
export function useFindingsGroup(
  f: FindingsFilter & { severity: string; rule: string },
  start: number,
  enabled: boolean,
) {
  const params = { severity: f.severity, rule: f.rule, q: f.q, limit: f.limit };
  return useInfiniteQuery({
    queryKey: keys.findings({ ...params, group: true, start }),
    queryFn: ({ pageParam }) =>
      fetchJson<FindingsPage>(`/api/findings${qs({ ...params, offset: pageParam })}`),
    initialPageParam: start,
    getNextPageParam: (last) => last.nextOffset,
    enabled,
  });
}
