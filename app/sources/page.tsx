import { Suspense } from 'react';
import { SourcesView } from '@/components/sources/sources-view';
import { Loading } from '@/components/ui/states';

export default function SourcesPage() {
  return (
    <Suspense fallback={<Loading what="the sources" />}>
      <SourcesView />
    </Suspense>
  );
}
