/*
 * The eval runs. data-testids for end-to-end tests: new-eval-run, evals-empty, eval-filters, eval-run-list, eval-run-row
 *   (data-run-id, data-status, data-version), eval-run-pick, eval-compare, auto-refresh.
 */
import Link from 'next/link';
import { PlusIcon } from 'lucide-react';
import { EmptyList } from '@/components/console/empty-list';
import { isLive } from '@/components/evals/eval-figures';
import { newRunPath } from '@/components/evals/paths';
import { RunFilters } from '@/components/evals/run-filters';
import { RunList } from '@/components/evals/run-list';
import { AutoRefresh } from '@/components/experiments/auto-refresh';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { pageActor } from '@/lib/auth/page';
import { hasRole } from '@/lib/auth/roles';
import { datasetName } from '@/lib/datasets/schemas';
import { listEvalRuns } from '@/lib/evals/runs';
import { promptName } from '@/lib/prompts/schemas';
import { datasetChoices, promptChoices } from '../choices';

export const metadata = { title: 'Evals' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function EvalsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await pageActor('viewer');
  const canEdit = hasRole(actor, 'editor');
  const query = await searchParams;
  // A malformed filter cannot match a run: it is dropped rather than refused.
  const prompt = promptName.safeParse(first(query.prompt)).data;
  const dataset = datasetName.safeParse(first(query.dataset)).data;
  const [runs, prompts, datasets] = await Promise.all([listEvalRuns({ prompt, dataset, limit: 200 }), promptChoices(), datasetChoices()]);
  const filtered = prompt !== undefined || dataset !== undefined;

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Evals</h1>
          <p className="max-w-3xl text-sm text-muted-foreground">
            Offline evaluation: every item of a dataset through one version of a prompt, scored by the evaluators you choose. Compare two runs on
            the same items to see, with paired statistics, whether a new version is better before it reaches production.
          </p>
        </div>
        <div className="flex items-center gap-3">
          {runs.some((r) => isLive(r.status)) && <AutoRefresh seconds={3} />}
          {canEdit && (
            <Button asChild>
              <Link href={newRunPath({ prompt, dataset })} data-testid="new-eval-run">
                <PlusIcon /> New run
              </Link>
            </Button>
          )}
        </div>
      </div>

      {runs.length === 0 && !filtered ? (
        <Card>
          <CardContent className="flex flex-col items-center gap-3 py-12 text-center sm:py-16" data-testid="evals-empty">
            <p className="text-lg font-medium">No eval runs yet</p>
            <p className="max-w-md text-sm text-muted-foreground">
              Pick a dataset and a prompt version, choose how to score the outputs (exact match, a regex, an LLM judge…) and start a run.
            </p>
            {canEdit ? (
              <Button asChild>
                <Link href="/evals/new">
                  <PlusIcon /> New run
                </Link>
              </Button>
            ) : (
              <p className="text-sm text-muted-foreground">Ask an editor or an admin to start one.</p>
            )}
          </CardContent>
        </Card>
      ) : (
        <>
          <RunFilters prompts={prompts.map((p) => p.name)} datasets={datasets.map((d) => d.name)} prompt={prompt} dataset={dataset} />
          {runs.length === 0 ? (
            <EmptyList testId="evals-none" title="No runs match" hint="No run has this prompt and dataset." reset={{ href: '/evals', label: 'Show all runs' }} />
          ) : (
            <RunList runs={runs} />
          )}
        </>
      )}
    </div>
  );
}
