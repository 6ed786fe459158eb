'use client';
import { KeyRoundIcon } from 'lucide-react';
import { useState, useTransition } from 'react';
import { CopyableSecret } from '@/components/console/copyable-secret';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import type { ActionResult } from '@/lib/auth/action';
import type { ApiKeyView } from '@/lib/auth/api-keys';
import type { Role } from '@/lib/auth/roles';
import { describeFailure, type Failure } from '@/components/console/action-failure';
import { RoleOptions } from './role-options';

export type CreateApiKey = (input: { name: string; role: Role }) => Promise<ActionResult<{ key: string; apiKey: ApiKeyView }>>;

/** The plain key, on screen once, with a copy button; it lives only in this component's state. */
function NewKey({ plainKey, name }: { plainKey: string; name: string }) {
  return (
    <div className="grid gap-3">
      <Alert variant="warning">
        <AlertTitle>Copy this key now</AlertTitle>
        <AlertDescription>
          It will not be shown again: Verso keeps only a hash of it. If you lose it, revoke “{name}” and create a new one.
        </AlertDescription>
      </Alert>
      <CopyableSecret secret={plainKey} label="key" testId="new-api-key" />
      <p className="text-xs text-muted-foreground">
        Use it as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code> in API calls.
      </p>
    </div>
  );
}

export function CreateApiKeyDialog({ createApiKey }: { createApiKey: CreateApiKey }) {
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function reset() {
    setFailure(null);
    setCreated(null);
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { name: String(form.get('name') ?? '').trim(), role: String(form.get('role') ?? 'viewer') as Role };
    startTransition(async () => {
      const result = await createApiKey(input);
      if (result.ok) {
        setFailure(null);
        setCreated({ key: result.data.key, name: result.data.apiKey.name });
      } else setFailure(describeFailure(result));
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button data-testid="create-api-key">
          <KeyRoundIcon /> New API key
        </Button>
      </DialogTrigger>
      <DialogContent
        // While the key is on screen, only the Done button closes the dialog: a stray click
        // outside would lose the key for good.
        onInteractOutside={(e) => created && e.preventDefault()}
        onEscapeKeyDown={(e) => created && e.preventDefault()}
      >
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>Your new API key</DialogTitle>
              <DialogDescription>“{created.name}” is ready to use.</DialogDescription>
            </DialogHeader>
            <NewKey plainKey={created.key} name={created.name} />
            <DialogFooter>
              <Button
                onClick={() => {
                  setOpen(false);
                  reset();
                }}
                data-testid="close-new-api-key"
              >
                I have copied it
              </Button>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>New API key</DialogTitle>
              <DialogDescription>For an application or a script. The key acts with the role you choose here.</DialogDescription>
            </DialogHeader>
            <form onSubmit={submit} className="grid gap-4" data-testid="create-api-key-form">
              <div className="grid gap-2">
                <Label htmlFor="api-key-name">Name</Label>
                <Input id="api-key-name" name="name" required maxLength={100} placeholder="e.g. support-bot production" autoComplete="off" />
                {failure?.fields.name && <p className="text-xs text-destructive">{failure.fields.name}</p>}
              </div>
              <div className="grid gap-2">
                <Label htmlFor="api-key-role">Role</Label>
                <NativeSelect id="api-key-role" name="role" defaultValue="viewer">
                  <RoleOptions holder="key" />
                </NativeSelect>
                <p className="text-xs text-muted-foreground" data-testid="api-key-role-hint">
                  An application that serves prompts (resolve, run, the gateway, outcomes) needs service; viewer only reads.
                </p>
              </div>
              {failure && <Alert variant="destructive">{failure.message}</Alert>}
              <DialogFooter>
                <Button type="button" variant="outline" onClick={() => setOpen(false)} disabled={pending}>
                  Cancel
                </Button>
                <Button type="submit" disabled={pending}>
                  {pending ? 'Creating…' : 'Create key'}
                </Button>
              </DialogFooter>
            </form>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
