import { Suspense } from 'react';
import { preload } from 'react-dom';
import { OVERVIEW_FIRST, qs } from '@/components/data/api';
import { GraphExplorer } from '@/components/graph/graph-explorer';
import { Loading } from '@/components/ui/states';
import { servedEstateScaled } from '@/lib/server/context';

type Search = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The API requests of the explorer's first render, announced in the document's head: the browser
 * fetches them while the scripts load and hydrate, instead of after (about 0.4-1 s on this machine; see
 * the README's Performance section). The graph's URL is built as `useGraph` builds it from the same
 * parameters; a link with edge-kind filters is left to the explorer (a preload that missed would only
 * be wasted).
 */
function preloadFirstRender(search: Search, scaled: boolean): void {
  const fetchOpts = { as: 'fetch', crossOrigin: 'anonymous' } as const;
  preload('/api/snapshot', fetchOpts);
  if (scaled) {
    // The overview of a large estate: read from the store. Nothing that starts the analysis (a minute
    // at 200,000 roles, the server busy meanwhile) is asked before it is on screen.
    preload(`/api/overview${qs({ ...OVERVIEW_FIRST })}`, fetchOpts);
    return;
  }
  preload('/api/findings', fetchOpts);
  if (search.kinds !== undefined) return;
  const focus = one(search.focus);
  const account = one(search.account);
  const depth = Number(one(search.depth) ?? 2) || 2;
  preload(`/api/graph${qs({ focus, depth, account })}`, fetchOpts);
}

export default async function GraphPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  // Only the summary (no focus, account or `view=all`) is replaced by the overview at scale.
  const summary = search.focus === undefined && search.account === undefined && one(search.view) !== 'all';
  const scaled = summary && (await servedEstateScaled());
  preloadFirstRender(search, scaled);
  return (
    <Suspense fallback={<Loading what="the graph" />}>
      <GraphExplorer scaled={scaled} />
    </Suspense>
  );
}
