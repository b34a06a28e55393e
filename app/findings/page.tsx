import { Suspense } from 'react';
import { FindingsView } from '@/components/findings/findings-view';
import { Loading } from '@/components/ui/states';

export default function FindingsPage() {
  return (
    <Suspense fallback={<Loading what="findings" />}>
      <FindingsView />
    </Suspense>
  );
}
