/*
 * The model catalog (admins). data-testids for end-to-end tests: provider-status-<provider> (data-configured),
 *   models-table, model-group-<provider>, model-row-<provider>-<model> (data-active), model-active-<provider>-<model>,
 *   edit-model-<provider>-<model> / edit-model-form / save-model / edit-model-error,
 *   add-model / add-model-form / save-new-model / add-model-error, models-empty.
 */
import { AddModelDialog } from '@/components/models/add-model-dialog';
import { ModelsTable } from '@/components/models/models-table';
import { ProviderStatuses } from '@/components/models/provider-statuses';
import { pageActor } from '@/lib/auth/page';
import { listModels } from '@/lib/models/catalog';
import { providerStatuses } from '@/lib/models/providers';
import { changeModelAction, createModelAction } from './actions';

export const metadata = { title: 'Models' };

export default async function ModelsPage() {
  await pageActor('admin');
  const models = await listModels();
  const providers = providerStatuses();
  const configured = providers.filter((p) => p.configured).length;

  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Models</h1>
          <p className="text-sm text-muted-foreground">
            The providers Verso can call and the price of each model, in USD per million tokens. Every run is costed with these prices.
          </p>
        </div>
        <AddModelDialog providers={providers} createModel={createModelAction} />
      </div>

      <section className="grid gap-3" aria-labelledby="providers-title">
        <h2 id="providers-title" className="text-lg font-semibold">
          Providers <span className="text-sm font-normal text-muted-foreground">({configured} of {providers.length} configured)</span>
        </h2>
        <ProviderStatuses providers={providers} />
      </section>

      <section className="grid gap-3" aria-labelledby="catalog-title">
        <h2 id="catalog-title" className="text-lg font-semibold">
          Catalog <span className="text-sm font-normal text-muted-foreground">({models.length})</span>
        </h2>
        {models.length === 0 ? (
          <div className="rounded-lg border border-dashed p-8 text-center" data-testid="models-empty">
            <p className="font-medium">The catalog is empty.</p>
            <p className="mt-1 text-sm text-muted-foreground">Add the models you call, with their prices, so that executions show what they cost.</p>
          </div>
        ) : (
          <ModelsTable models={models} providers={providers} changeModel={changeModelAction} />
        )}
      </section>
    </div>
  );
}
