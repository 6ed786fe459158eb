/*
 * A new eval run. data-testids for end-to-end tests: eval-run-form, eval-name, eval-dataset, eval-dataset-version,
 *   eval-prompt, eval-target, eval-model, eval-evaluator-<i>-<field>, eval-add-evaluator, eval-concurrency, eval-rpm,
 *   eval-submit, action-error.
 */
import Link from 'next/link';
import { NewRunForm } from '@/components/evals/new-run-form';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { pageActor } from '@/lib/auth/page';
import { listModels } from '@/lib/models/catalog';
import { datasetChoices, promptChoices } from '../choices';

export const metadata = { title: 'New eval run' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/** /evals/new, ?prompt=NAME and ?dataset=NAME to preselect them. */
export default async function NewEvalRunPage({ searchParams }: { searchParams: SearchParams }) {
  await pageActor('editor');
  const query = await searchParams;
  const [prompts, datasets, models] = await Promise.all([promptChoices(), datasetChoices(), listModels()]);
  const prompt = prompts.find((p) => p.name === first(query.prompt))?.name;
  const dataset = datasets.find((d) => d.name === first(query.dataset))?.name;

  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
          <Link href="/evals" className="hover:underline">
            Evals
          </Link>{' '}
          / new
        </nav>
        <h1 className="text-2xl font-semibold tracking-tight">New eval run</h1>
        <p className="text-sm text-muted-foreground">
          The run starts at once and works in the background; its page shows the items as they are scored.
        </p>
      </header>
      {datasets.length === 0 || prompts.length === 0 ? (
        <Alert data-testid="eval-run-missing">
          <AlertTitle>{datasets.length === 0 ? 'No datasets yet' : 'No prompts yet'}</AlertTitle>
          <AlertDescription>
            {datasets.length === 0 ? (
              <>
                A run needs test cases: <Link href="/datasets/new" className="underline">create a dataset</Link> first.
              </>
            ) : (
              <>
                A run needs a prompt to run: <Link href="/prompts/new" className="underline">create one</Link> first.
              </>
            )}
          </AlertDescription>
        </Alert>
      ) : (
        <NewRunForm prompts={prompts} datasets={datasets} models={models.filter((m) => m.active)} preset={{ prompt, dataset }} />
      )}
    </div>
  );
}
