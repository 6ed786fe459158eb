'use client';
import { useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/auth/action';
import { describeFailure, type Failure } from './action-failure';

/**
 * The state of a dialog whose form calls a server action: open, pending, and the refusal to
 * show. A success closes it; a refusal keeps it open with what the person typed; it cannot be
 * closed while the action runs, and closing forgets the refusal.
 */
export function useActionDialog() {
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [pending, startTransition] = useTransition();
  return {
    open,
    failure,
    pending,
    close: () => setOpen(false),
    onOpenChange: (next: boolean) => {
      if (pending) return;
      setOpen(next);
      if (!next) setFailure(null);
    },
    submit: <T>(call: () => Promise<ActionResult<T>>) =>
      startTransition(async () => {
        const result = await call();
        if (result.ok) {
          setFailure(null);
          setOpen(false);
        } else setFailure(describeFailure(result));
      }),
  };
}
