import Link from 'next/link';
import { ExperimentForm } from '@/components/experiments/experiment-form';
import { draftFromExperiment, emptyDraft, restartKey, type PromptChoice } from '@/components/experiments/experiment-draft';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { VersoError } from '@/lib/api/errors';
import { pageActor } from '@/lib/auth/page';
import { getExperiment } from '@/lib/experiments/experiments';
import type { ExperimentView } from '@/lib/experiments/views';
import { listPrompts } from '@/lib/prompts/registry';

export const metadata = { title: 'New experiment' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/** Every prompt, for the picker: a registry has tens or hundreds, not millions. */
async function promptChoices(): Promise<PromptChoice[]> {
  const choices: PromptChoice[] = [];
  let cursor: string | undefined;
  do {
    const page = await listPrompts({ limit: 200, cursor });
    choices.push(...page.data.filter((p) => p.latestVersion > 0).map((p) => ({ name: p.name, latestVersion: p.latestVersion, labels: p.labels })));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return choices;
}

async function experimentOrNull(key: string | undefined): Promise<ExperimentView | null> {
  if (!key) return null;
  try {
    return await getExperiment(key);
  } catch (error) {
    if (error instanceof VersoError && (error.code === 'not_found' || error.code === 'invalid')) return null;
    throw error;
  }
}

/** /experiments/new, ?prompt=NAME to preselect a prompt, ?from=KEY to restart an experiment under a new key. */
export default async function NewExperimentPage({ searchParams }: { searchParams: SearchParams }) {
  await pageActor('editor');
  const query = await searchParams;
  const from = first(query.from);
  const [prompts, source] = await Promise.all([promptChoices(), experimentOrNull(from)]);
  const wanted = first(query.prompt);
  const preselected = prompts.find((p) => p.name === wanted);
  const initial = source ? draftFromExperiment(source, { key: restartKey(source.key), salt: '' }) : emptyDraft(preselected);

  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
          <Link href="/experiments" className="hover:underline">
            Experiments
          </Link>{' '}
          / new
        </nav>
        <h1 className="text-2xl font-semibold tracking-tight">{source ? `Restart “${source.name}”` : 'New experiment'}</h1>
        <p className="text-sm text-muted-foreground">
          {source
            ? `A copy of ${source.key} under a new key: it starts as a draft with no data, and users are assigned afresh.`
            : 'It starts as a draft: nothing changes for users until an admin starts it.'}
        </p>
      </header>
      {from && !source && (
        <Alert variant="warning">
          <AlertTitle>There is no experiment “{from}” to copy</AlertTitle>
          <AlertDescription>The form starts empty instead.</AlertDescription>
        </Alert>
      )}
      {wanted && !preselected && !source && (
        <Alert variant="warning">
          <AlertTitle>There is no prompt “{wanted}” with a version</AlertTitle>
          <AlertDescription>Pick one below.</AlertDescription>
        </Alert>
      )}
      {prompts.length === 0 ? (
        <Alert>
          <AlertTitle>No prompts yet</AlertTitle>
          <AlertDescription>
            <p>An experiment compares versions of a prompt. Create a prompt and save a second version first.</p>
            <Button asChild size="sm" className="mt-2">
              <Link href="/prompts/new">New prompt</Link>
            </Button>
          </AlertDescription>
        </Alert>
      ) : (
        <ExperimentForm mode="create" prompts={prompts} initial={initial} />
      )}
    </div>
  );
}
