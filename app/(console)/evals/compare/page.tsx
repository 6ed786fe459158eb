/*
 * Runs compared item by item. data-testids for end-to-end tests: eval-compare-page, eval-compare-error, eval-comparison
 *   (data-candidate), eval-comparison-row (data-evaluator, data-verdict), eval-verdict, eval-comparison-p,
 *   eval-comparison-adjusted-p, eval-latency-difference, eval-cost-difference, eval-monthly-difference,
 *   eval-side-by-side, eval-side-row (data-position, data-disagree).
 */
import Link from 'next/link';
import { ComparisonTable } from '@/components/evals/comparison-table';
import { sideBySide } from '@/components/evals/eval-figures';
import { evalRunPath } from '@/components/evals/paths';
import { SideBySide } from '@/components/evals/side-by-side';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { VersoError } from '@/lib/api/errors';
import { pageActor } from '@/lib/auth/page';
import { compareRuns } from '@/lib/evals/comparison';
import { listEvalResults } from '@/lib/evals/runs';
import { comparisonQuery, type ComparisonView } from '@/lib/evals/schemas';

export const metadata = { title: 'Compare eval runs' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || '';

/** The comparison, or the reason there is none (runs on different items, unfinished, unknown) for a person to read. */
async function comparisonOrReason(raw: string): Promise<{ view: ComparisonView } | { reason: string }> {
  const parsed = comparisonQuery.safeParse({ runs: raw });
  if (!parsed.success) return { reason: 'Name two to six runs to compare: tick them in the list of runs.' };
  try {
    return { view: await compareRuns(parsed.data.runs) };
  } catch (error) {
    if (error instanceof VersoError && (error.code === 'invalid' || error.code === 'not_found' || error.code === 'conflict')) {
      return { reason: error.message };
    }
    throw error;
  }
}

export default async function CompareRunsPage({ searchParams }: { searchParams: SearchParams }) {
  await pageActor('viewer');
  const outcome = await comparisonOrReason(first((await searchParams).runs));

  const header = (
    <header className="space-y-1">
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <Link href="/evals" className="hover:underline">
          Evals
        </Link>{' '}
        / compare
      </nav>
      <h1 className="text-2xl font-semibold tracking-tight">Compare runs</h1>
    </header>
  );

  if ('reason' in outcome) {
    return (
      <div className="space-y-4" data-testid="eval-compare-page">
        {header}
        <Alert variant="destructive" data-testid="eval-compare-error">
          <AlertTitle>These runs cannot be compared</AlertTitle>
          <AlertDescription>
            <p>{outcome.reason}</p>
            <p>
              <Link href="/evals" className="underline">
                Back to the runs
              </Link>
            </p>
          </AlertDescription>
        </Alert>
      </div>
    );
  }

  const { view } = outcome;
  const [baseline] = view.runs;
  const results = await Promise.all(view.runs.map((r) => listEvalResults(r.id)));
  const evaluators = [...new Set(view.runs.flatMap((r) => r.evaluators.map((e) => String(e.name))))];
  const byId = new Map(view.runs.map((r) => [r.id, r]));

  return (
    <div className="space-y-5" data-testid="eval-compare-page">
      {header}
      <p className="text-sm text-muted-foreground">
        On {view.datasetVersion.dataset}@v{view.datasetVersion.version}, item by item. The baseline is{' '}
        <Link href={evalRunPath(baseline!.id)} className="underline">
          {baseline!.prompt} v{baseline!.version}
        </Link>
        ; each other run is compared with it (McNemar for pass/fail, Wilcoxon for scores, at α = {view.alpha}). A verdict needs the Holm-adjusted p
        below α.
      </p>

      {view.comparisons.map((c) => (
        <ComparisonTable key={c.candidateRunId} comparison={c} baseline={byId.get(c.baselineRunId)!} candidate={byId.get(c.candidateRunId)!} alpha={view.alpha} />
      ))}

      <section className="space-y-3" aria-labelledby="items-title">
        <div>
          <h2 id="items-title" className="text-lg font-semibold">
            Item by item
          </h2>
          <p className="text-sm text-muted-foreground">Highlighted: the runs disagree on whether the item passes.</p>
        </div>
        <SideBySide runs={view.runs} rows={sideBySide(results)} evaluators={evaluators} />
      </section>
    </div>
  );
}
