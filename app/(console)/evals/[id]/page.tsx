/*
 * One eval run. data-testids for end-to-end tests: eval-run (data-status), eval-run-status, eval-run-progress
 *   (data-done, data-total), auto-refresh, eval-cancel, eval-cancel-confirm, eval-run-summary, eval-summary-row
 *   (data-evaluator), eval-run-costs, eval-results (data-count), eval-result (data-position), eval-score
 *   (data-evaluator, data-tone), eval-item-reasons, eval-judge-link, eval-result-execution, eval-compare-picker,
 *   eval-compare-with, eval-compare-go, eval-run-error.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { Timestamp } from '@/components/console/timestamp';
import { datasetPath } from '@/components/datasets/paths';
import { CancelRunButton } from '@/components/evals/cancel-run-button';
import { ComparePicker } from '@/components/evals/compare-picker';
import { isLive, runModel, runTitle } from '@/components/evals/eval-figures';
import { ResultTable } from '@/components/evals/result-table';
import { RunProgress } from '@/components/evals/run-progress';
import { RunStatusBadge } from '@/components/evals/run-status-badge';
import { RunSummary } from '@/components/evals/run-summary';
import { AutoRefresh } from '@/components/experiments/auto-refresh';
import { promptPath } from '@/components/prompts/paths';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { pageActor } from '@/lib/auth/page';
import { hasRole } from '@/lib/auth/roles';
import { listEvalResults, listEvalRuns } from '@/lib/evals/runs';
import { runOrNotFound } from './run';

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: 'Eval run' };

export default async function EvalRunPage({ params }: Props) {
  const actor = await pageActor('viewer');
  const run = await runOrNotFound((await params).id);
  const [results, sameDataset] = await Promise.all([listEvalResults(run.id), listEvalRuns({ dataset: run.dataset, limit: 200 })]);
  const live = isLive(run.status);
  const evaluators = run.evaluators.map((e) => String(e.name));
  // Runs compare item by item, so only runs on the same dataset version; one under way compares the items it has done.
  const others = sameDataset
    .filter((r) => r.id !== run.id && r.datasetVersion === run.datasetVersion && r.progress.done > 0)
    .map((r) => ({ id: r.id, title: `${runTitle(r)} · ${r.prompt} v${r.version} · ${runModel(r)}${r.status === 'completed' ? '' : ` (${r.status})`}` }));

  return (
    <div className="space-y-5" data-testid="eval-run" data-status={run.status} data-run-id={run.id}>
      <header className="space-y-2">
        <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
          <Link href="/evals" className="hover:underline">
            Evals
          </Link>{' '}
          / run
        </nav>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight break-all">{runTitle(run)}</h1>
          <RunStatusBadge status={run.status} />
          {live && <AutoRefresh seconds={2} />}
          {live && hasRole(actor, 'editor') && (
            <div className="ml-auto">
              <CancelRunButton id={run.id} done={run.progress.done} total={run.progress.total} />
            </div>
          )}
        </div>
        <p className="text-sm text-muted-foreground" data-testid="eval-run-facts">
          <Link href={promptPath(run.prompt)} className="underline">
            {run.prompt} v{run.version}
          </Link>{' '}
          on <span className="font-mono">{runModel(run)}</span>
          {run.modelOverride ? ' (overridden)' : ''}, over{' '}
          <Link href={datasetPath(run.dataset, run.datasetVersion)} className="underline">
            {run.dataset}@v{run.datasetVersion}
          </Link>
          . Started by {run.createdBy}, <Timestamp iso={run.createdAt} className="whitespace-nowrap" />
          {run.finishedAt && (
            <>
              ; finished <Timestamp iso={run.finishedAt} className="whitespace-nowrap" />
            </>
          )}
          .
        </p>
      </header>

      {run.error && (
        <Alert variant="destructive" data-testid="eval-run-error">
          <AlertTitle>The run {run.status === 'failed' ? 'failed' : 'stopped with an error'}</AlertTitle>
          <AlertDescription className="whitespace-pre-wrap">{run.error}</AlertDescription>
        </Alert>
      )}

      <Card>
        <CardHeader>
          <CardTitle>Progress and scores</CardTitle>
          <CardDescription>
            {live ? 'The scores so far, over the items done; the page refreshes until the run ends.' : 'Over every item the run scored.'}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <RunProgress progress={run.progress} />
          <RunSummary run={run} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Compare</CardTitle>
          <CardDescription>Item by item against another run on the same dataset version, with paired statistics. This run is the baseline.</CardDescription>
        </CardHeader>
        <CardContent>
          <ComparePicker id={run.id} others={others} />
        </CardContent>
      </Card>

      <section className="space-y-3" aria-labelledby="items-title">
        <h2 id="items-title" className="text-lg font-semibold">
          Items <span className="text-sm font-normal text-muted-foreground">({results.length} of {run.progress.total})</span>
        </h2>
        {results.length === 0 ? (
          <p className="text-sm text-muted-foreground" data-testid="eval-results-empty">
            {live ? 'No item has finished yet.' : 'This run scored no items.'}
          </p>
        ) : (
          <ResultTable results={results} evaluators={evaluators} />
        )}
      </section>
    </div>
  );
}
