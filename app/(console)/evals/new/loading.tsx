import { TableSkeleton } from '@/components/console/table-skeleton';

export default function Loading() {
  return <TableSkeleton title="New eval run" rows={4} />;
}
