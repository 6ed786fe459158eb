'use client';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/auth/action';
import type { ApiKeyView } from '@/lib/auth/api-keys';
import { ConfirmDialog } from '@/components/console/confirm-dialog';

export type RevokeApiKey = (input: { id: string }) => Promise<ActionResult<ApiKeyView>>;

export function RevokeApiKeyButton({ apiKey, revoke }: { apiKey: Pick<ApiKeyView, 'id' | 'name' | 'prefix'>; revoke: RevokeApiKey }) {
  const [open, setOpen] = useState(false);
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button variant="outline" size="sm" data-testid="revoke-api-key">
          Revoke
        </Button>
      }
      title={`Revoke “${apiKey.name}”?`}
      description={
        <>
          Every application using the key <code className="font-mono">{apiKey.prefix}</code> is refused from now on. This cannot be undone; you
          can create a new key instead.
        </>
      }
      confirm={{ label: 'Revoke key', pending: 'Revoking…', destructive: true, testId: 'confirm-revoke-api-key' }}
      run={() => revoke({ id: apiKey.id })}
    />
  );
}
