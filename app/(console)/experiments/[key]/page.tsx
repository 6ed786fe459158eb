/*
 * The results page of one experiment. data-testids for end-to-end tests:
 *   experiment-status, experiment-winner, experiment-prompt-link, auto-refresh,
 *   start-experiment / confirm-start-experiment, pause-experiment / confirm-pause-experiment,
 *   resume-experiment / confirm-resume-experiment, complete-experiment / confirm-complete-experiment,
 *   confirm-error (a refusal, e.g. another experiment already running on the prompt),
 *   srm-warning, recommendation (data-verdict=ship|keep_control|keep_running|inconclusive|check_setup),
 *   declare-winner (the card) with declare-winner-<variant> / confirm-declare-winner (in the dialog: declare-winner-caution,
 *   declare-winner-override when a model override becomes a new version), winner-deployed,
 *   variant-progress-<variant>, metric-table-<metric>, metric-row-<metric>-<variant>, effect-chart-<metric>,
 *   cumulative-chart (data-view=cumulative|daily; timeline-view-cumulative, timeline-view-daily), variant-performance (variant-performance-<variant>), restart-experiment, experiment-form (draft edit form; save-experiment).
 *   method-badge (header badge, data-method), analysis-summary with analysis-method / analysis-note / not-final (fixed horizon before the
 *   planned sample), variant-units-<variant>, apart-results (apart-note, apart-metric-table-<metric>, apart-metric-row-<metric>-<variant>),
 *   segment-breakdown: segment-form (segment-input, segment-submit), segment-attributes, segment-error, segment-note,
 *   segment-<value|not-set>, segment-row-<value|not-set>-<variant>.
 * The create form (/experiments/new): new-experiment (list page), experiment-form, experiment-key, experiment-name,
 *   experiment-prompt, variant-<i>-key, variant-<i>-version, variant-<i>-weight (i from 0), variant-<i>-control,
 *   variant-<i>-share, variant-<i>-override, add-variant, weights-warning, metric-name, metric-type, metric-direction,
 *   add-guardrail, sample-size-result, use-sample-size, create-experiment, experiment-form-error, experiment-saved.
 * The list (/experiments): experiment-list, experiment-row-<key>, experiment-status-filter, experiments-empty.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AutoRefresh } from '@/components/experiments/auto-refresh';
import { DeclareWinnerButton } from '@/components/experiments/declare-winner';
import { draftFromExperiment, type PromptChoice } from '@/components/experiments/experiment-draft';
import { ExperimentForm } from '@/components/experiments/experiment-form';
import { ExperimentHeader } from '@/components/experiments/experiment-header';
import { AnalysisPlanForm } from '@/components/experiments/analysis-plan-form';
import { AnalysisSummary, isProvisional } from '@/components/experiments/analysis-summary';
import { ApartResults } from '@/components/experiments/apart-results';
import { SegmentBreakdown } from '@/components/experiments/segment-breakdown';
import { segmentParam } from '@/components/experiments/segment-param';
import { ExperimentSetup } from '@/components/experiments/experiment-setup';
import { pStatement } from '@/components/experiments/figures';
import { LifecycleButtons } from '@/components/experiments/lifecycle-buttons';
import { MetricTable } from '@/components/experiments/metric-table';
import { RecommendationBanner } from '@/components/experiments/recommendation-banner';
import { SampleProgress } from '@/components/experiments/sample-progress';
import { TimelineChart } from '@/components/experiments/timeline-chart';
import { VariantPerformance } from '@/components/experiments/variant-performance';
import { winnerCautions, winnerDeploy } from '@/components/experiments/winner-cautions';
import { Timestamp } from '@/components/console/timestamp';
import { promptPath } from '@/components/prompts/paths';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { VersoError } from '@/lib/api/errors';
import { pageActor } from '@/lib/auth/page';
import { hasRole } from '@/lib/auth/roles';
import { getExperiment } from '@/lib/experiments/experiments';
import { segmentAttributes } from '@/lib/experiments/segment-attributes';
import { experimentResults } from '@/lib/experiments/results';
import { experimentTimelineFor } from '@/lib/experiments/timeline';
import { variantPerformance } from '@/lib/executions/performance';
import type { ModelConfig } from '@/lib/experiments/model-override';
import { winnerDeployment } from '@/lib/experiments/winner';
import { getPrompt, getVersion } from '@/lib/prompts/registry';

type Props = { params: Promise<{ key: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof VersoError && error.code === 'not_found') notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { key } = await params;
  const experiment = await getExperiment(key).catch(() => null);
  return { title: experiment ? `${experiment.name} · Experiments` : 'Experiment not found' };
}

export default async function ExperimentPage({ params, searchParams }: Props) {
  const actor = await pageActor('viewer');
  const { key } = await params;
  const { asked, segment, error: segmentError } = segmentParam((await searchParams).segment);
  const [results, timeline, performance] = await orNotFound(Promise.all([experimentResults(key, { segment }), experimentTimelineFor(key), variantPerformance(key)]));
  const e = results.experiment;
  const prompt = await getPrompt(e.prompt);
  const isAdmin = hasRole(actor, 'admin');
  const canEdit = hasRole(actor, 'editor');
  const started = e.status !== 'draft';
  const attributes = started ? await segmentAttributes(key) : [];
  const provisional = isProvisional(results);
  const noun = results.analysis.population === 'requests' ? 'requests' : 'units';
  const primary = results.metrics.find((m) => m.role === 'primary')!;
  const ordered = [primary, ...results.metrics.filter((m) => m.role === 'guardrail')];
  const variantKeys = e.variants.map((v) => v.key);
  const winner = e.winner ? e.variants.find((v) => v.key === e.winner) : undefined;
  const deployment = winner ? await winnerDeployment(e.key) : null;
  const deployedVersion = deployment?.version ?? winner?.version;
  // Shipping a variant with a model override creates a version only when the override changes its version's config.
  const overridden = started && isAdmin && !e.winner ? e.variants.filter((v) => v.modelConfig && Object.keys(v.modelConfig).length > 0) : [];
  const versionConfigs = new Map<number, ModelConfig>(
    await Promise.all(overridden.map(async (v) => [v.version, (await getVersion(e.prompt, { version: v.version })).row.modelConfig] as const)),
  );
  const restartHref = `/experiments/new?from=${encodeURIComponent(e.key)}`;
  const promptChoice: PromptChoice = { name: prompt.name, latestVersion: prompt.latestVersion, labels: prompt.labels };

  return (
    <div className="space-y-5">
      <ExperimentHeader experiment={e}>{isAdmin && <LifecycleButtons experiment={e} />}</ExperimentHeader>

      {e.status === 'running' && (
        <p className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <AutoRefresh seconds={10} />
          <span className="text-xs text-muted-foreground">
            as of <Timestamp iso={results.computedAt} />
          </span>
        </p>
      )}

      {results.srm.mismatch && (
        <Alert variant="destructive" data-testid="srm-warning">
          <AlertTitle>Sample ratio mismatch ({pStatement(results.srm.pValue)})</AlertTitle>
          <AlertDescription>
            The variants did not get the traffic their weights promise, so something between the application and Verso is dropping or duplicating
            units for some variants (a bot filter, a crash in one variant, a cache in front). The effects below cannot be trusted until it is fixed.
          </AlertDescription>
        </Alert>
      )}

      {winner ? (
        <Alert variant="success" data-testid="winner-deployed">
          <AlertTitle>
            {deployment?.created
              ? `${winner.key} won: v${deployment.basedOn ?? winner.version} with its model override was deployed to production as version ${deployment.version} of ${e.prompt}${deployment.modelConfig?.model ? ` with model ${deployment.modelConfig.model}` : ''}`
              : `${winner.key} won: version ${deployedVersion} of ${e.prompt} was deployed to production`}
          </AlertTitle>
          <AlertDescription>
            {prompt.labels.production === deployedVersion
              ? 'It is still in production. '
              : `Production has moved since: it serves v${prompt.labels.production ?? '—'} now. `}
            <Link href={promptPath(e.prompt)} className="underline">
              Open {e.prompt}
            </Link>{' '}
            to see its versions and label history.
          </AlertDescription>
        </Alert>
      ) : started ? (
        <RecommendationBanner recommendation={results.recommendation} />
      ) : (
        <Alert data-testid="recommendation" data-verdict="draft">
          <AlertTitle>Not started yet</AlertTitle>
          <AlertDescription>
            This is a draft: nothing is served and no data is collected until an admin starts it.
            {!isAdmin && ' Ask an admin to start it when it is ready.'}
          </AlertDescription>
        </Alert>
      )}

      {started && isAdmin && !e.winner && (
        <Card data-testid="declare-winner">
          <CardHeader>
            <CardTitle>Declare a winner</CardTitle>
            <CardDescription>
              Deploys the variant’s version to production and completes the experiment, together.
              {prompt.labels.production !== undefined ? ` Production serves v${prompt.labels.production} now.` : ' Nothing is in production yet.'}
            </CardDescription>
          </CardHeader>
          <CardContent className="flex flex-wrap gap-2">
            {e.variants.map((v) => (
              <DeclareWinnerButton
                key={v.key}
                experimentKey={e.key}
                prompt={e.prompt}
                variant={v}
                production={prompt.labels.production}
                recommended={results.recommendation.verdict === 'ship' && results.recommendation.winner === v.key}
                cautions={winnerCautions(results, v.key)}
                deploy={winnerDeploy(v, v.modelConfig ? versionConfigs.get(v.version) : {})}
              />
            ))}
          </CardContent>
        </Card>
      )}

      {started && (
        <div className="grid gap-5 lg:grid-cols-2">
          <Card>
            <CardHeader>
              <CardTitle>Sample size</CardTitle>
              <CardDescription>
                {results.sampleSizeReached
                  ? `Every variant has reached the planned sample of ${e.minSampleSize.toLocaleString('en-US')} ${noun}.`
                  : `${noun === 'units' ? 'Units (distinct unitIds)' : 'Requests (no execution carries a unitId)'} per variant, against the planned sample of ${e.minSampleSize.toLocaleString('en-US')}.`}
              </CardDescription>
            </CardHeader>
            <CardContent>
              <SampleProgress variants={results.variants} population={results.analysis.population} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>
                <span className="font-mono">{e.primaryMetric.name}</span> over time
              </CardTitle>
              <CardDescription>
                {e.primaryMetric.per === 'execution'
                  ? `Per execution (Σ ${e.primaryMetric.type === 'binary' ? 'conversions / Σ executions' : 'values / Σ reporting executions'})`
                  : `Per unit (${e.primaryMetric.type === 'binary' ? 'share converted' : e.primaryMetric.aggregate === 'sum' ? 'sum per unit' : 'mean per unit'})`}
                , each unit counted from its first execution: cumulative by {timeline.bucket}, or the units first seen each day with a 95% band (UTC).
              </CardDescription>
            </CardHeader>
            <CardContent>
              {timeline.cumulative.length > 0 ? (
                <TimelineChart timeline={timeline} variants={variantKeys} />
              ) : (
                <p className="py-10 text-center text-sm text-muted-foreground">No executions yet.</p>
              )}
            </CardContent>
          </Card>
        </div>
      )}

      {started && (
        <section className="space-y-3" aria-labelledby="metrics-title">
          <h2 id="metrics-title" className="text-lg font-semibold">
            Metrics
          </h2>
          <AnalysisSummary results={results} />
          {ordered.map((m) => (
            <MetricTable
              key={m.metric.name}
              result={m}
              variants={results.variants}
              alpha={e.alpha}
              method={results.analysis.method}
              population={results.analysis.population}
              provisional={provisional}
            />
          ))}
        </section>
      )}

      {started && results.apart && <ApartResults apart={results.apart} experiment={e} />}

      {started && (
        <SegmentBreakdown experiment={e} attributes={attributes} current={asked} error={segmentError} breakdown={results.segments} />
      )}

      {started && <VariantPerformance rows={performance} variants={e.variants} />}

      {e.status === 'draft' && canEdit ? (
        <section className="space-y-3" aria-labelledby="edit-title">
          <div>
            <h2 id="edit-title" className="text-lg font-semibold">
              Edit the draft
            </h2>
            <p className="text-sm text-muted-foreground">Everything can change until it starts.</p>
          </div>
          <ExperimentForm mode="edit" prompts={[promptChoice]} initial={draftFromExperiment(e)} />
        </section>
      ) : (
        <Card>
          <CardHeader>
            <CardTitle>Setup</CardTitle>
            {started && (
              <CardDescription>
                {e.status === 'completed'
                  ? 'This experiment is over. '
                  : 'Variants, weights and salt can’t change while it runs: that would move users between variants. '}
                {canEdit && (
                  <Link href={restartHref} className="text-primary underline" data-testid="restart-experiment">
                    Restart as a new experiment
                  </Link>
                )}
              </CardDescription>
            )}
          </CardHeader>
          <CardContent>
            <ExperimentSetup experiment={e} />
          </CardContent>
        </Card>
      )}

      {started && canEdit && <AnalysisPlanForm experiment={e} canAdjust={isAdmin} />}
    </div>
  );
}
