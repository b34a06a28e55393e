import { Suspense } from 'react';
import { CheckView } from '@/components/check/check-view';
import { Loading } from '@/components/ui/states';

export default function CheckPage() {
  return (
    <Suspense fallback={<Loading what="the checker" />}>
      <CheckView />
    </Suspense>
  );
}
