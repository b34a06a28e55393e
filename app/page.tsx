import { Suspense } from 'react';
import { preload } from 'react-dom';
import { qs } from '@/components/data/api';
import { GraphExplorer } from '@/components/graph/graph-explorer';
import { Loading } from '@/components/ui/states';

type Search = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The API requests of the explorer's first render, announced in the document's head: the browser
 * fetches them while the scripts load and hydrate, instead of after (about 0.4-1 s on this machine; see
 * the README's Performance section). The graph's URL is built as `useGraph` builds it from the same
 * parameters; a link with edge-kind filters is left to the explorer (a preload that missed would only
 * be wasted).
 */
function preloadFirstRender(search: Search): void {
  const fetchOpts = { as: 'fetch', crossOrigin: 'anonymous' } as const;
  preload('/api/snapshot', fetchOpts);
  preload('/api/findings', fetchOpts);
  if (search.kinds !== undefined) return;
  const focus = one(search.focus);
  const account = one(search.account);
  const depth = Number(one(search.depth) ?? 2) || 2;
  preload(`/api/graph${qs({ focus, depth, account })}`, fetchOpts);
}

export default async function GraphPage({ searchParams }: { searchParams: Promise<Search> }) {
  preloadFirstRender(await searchParams);
  return (
    <Suspense fallback={<Loading what="the graph" />}>
      <GraphExplorer />
    </Suspense>
  );
}
