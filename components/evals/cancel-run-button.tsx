'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { cancelEvalRunAction } from '@/app/(console)/evals/actions';
import { ConfirmDialog } from '@/components/console/confirm-dialog';
import { Button } from '@/components/ui/button';

/** Stops a queued or running run after the person confirms; items already scored are kept. */
export function CancelRunButton({ id, done, total }: { id: string; done: number; total: number }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button variant="outline" data-testid="eval-cancel">
          Cancel run
        </Button>
      }
      title="Cancel this run?"
      description={`No new item starts; items under way finish and are kept, with the ${done} of ${total} already done. A cancelled run cannot be resumed: start a new one instead.`}
      confirm={{ label: 'Cancel the run', pending: 'Cancelling…', destructive: true, testId: 'eval-cancel-confirm' }}
      run={async () => {
        const result = await cancelEvalRunAction({ id });
        if (result.ok) router.refresh();
        return result;
      }}
    />
  );
}
