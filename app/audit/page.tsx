import { Suspense } from 'react';
import { AuditView } from '@/components/audit/audit-view';
import { Loading } from '@/components/ui/states';

export default function AuditPage() {
  return (
    <Suspense fallback={<Loading what="the audit" />}>
      <AuditView />
    </Suspense>
  );
}
