import { SourcesView } from '@/components/sources/sources-view';

export default function SourcesPage() {
  return <SourcesView />;
}
