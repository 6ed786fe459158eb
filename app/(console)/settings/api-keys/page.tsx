import { CreateApiKeyDialog } from '@/components/settings/create-api-key-dialog';
import { ApiKeysTable } from '@/components/settings/api-keys-table';
import { listApiKeys } from '@/lib/auth/api-keys';
import { pageActor } from '@/lib/auth/page';
import { createApiKeyAction, revokeApiKeyAction } from './actions';

export const metadata = { title: 'API keys' };

export default async function ApiKeysPage() {
  const actor = await pageActor('admin');
  const apiKeys = await listApiKeys(actor);
  const active = apiKeys.filter((k) => !k.revokedAt).length;
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">API keys</h1>
          <p className="text-sm text-muted-foreground">
            Applications call the REST API with <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>.{' '}
            {apiKeys.length > 0 && `${active} active, ${apiKeys.length - active} revoked.`}
          </p>
        </div>
        <CreateApiKeyDialog createApiKey={createApiKeyAction} />
      </div>
      {apiKeys.length === 0 ? (
        <div className="rounded-lg border border-dashed p-8 text-center" data-testid="api-keys-empty">
          <p className="font-medium">No API keys yet.</p>
          <p className="mt-1 text-sm text-muted-foreground">
            Create one for each application that fetches or renders prompts, so you can revoke one without breaking the others.
          </p>
        </div>
      ) : (
        <ApiKeysTable apiKeys={apiKeys} revoke={revokeApiKeyAction} />
      )}
    </div>
  );
}
