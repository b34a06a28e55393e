import { Suspense } from 'react';
import { GraphExplorer } from '@/components/graph/graph-explorer';
import { Loading } from '@/components/ui/states';

export default function GraphPage() {
  return (
    <Suspense fallback={<Loading what="the graph" />}>
      <GraphExplorer />
    </Suspense>
  );
}
