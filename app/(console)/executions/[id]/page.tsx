/*
 * One execution. data-testids for end-to-end tests: execution-detail, execution-status, execution-facts,
 *   execution-prompt-link, execution-experiment-link, execution-id, execution-variables, execution-attributes, execution-sent,
 *   execution-output, execution-error, execution-metrics / execution-metrics-empty, execution-guardrails,
 *   execution-metadata, trace (the card), trace-link, trace-spans (data-count), trace-unavailable, trace-off,
 *   trace-unconfigured, add-to-dataset, add-to-dataset-done, human-score-card, human-score-form, human-thumbs-up/-down, human-rating-<n>,
 *   human-scores, human-score (data-name, data-value), human-scores-empty; execution-not-found for an unknown or malformed id.
 */
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ExternalLinkIcon } from 'lucide-react';
import { ExecutionFacts, ExecutionHeader } from '@/components/executions/execution-facts';
import { HumanScoreForm, HumanScoreList } from '@/components/executions/human-score-form';
import { JsonBlock } from '@/components/executions/json-block';
import { MetricList } from '@/components/executions/metric-list';
import { SentPromptView, sentPromptTitle } from '@/components/executions/sent-prompt';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { AddToDatasetForm } from '@/components/datasets/add-to-dataset-form';
import { pageActor } from '@/lib/auth/page';
import { hasRole } from '@/lib/auth/roles';
import { listDatasets } from '@/lib/datasets/datasets';
import type { ExecutionDetail } from '@/lib/executions/browse';
import { listHumanScores } from '@/lib/executions/human-scores';
import { phoenixTraceUrl } from '@/lib/tracing/phoenix';
import { executionOrNotFound } from './execution';
import { TraceSpans, TraceSpansLoading } from './trace-section';

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: 'Execution' };

function Output({ e }: { e: ExecutionDetail }) {
  if (e.error) {
    return (
      <Alert variant="destructive" data-testid="execution-error">
        <AlertTitle>{e.status === 'timeout' ? 'The model did not answer in time' : 'The call failed'}</AlertTitle>
        <AlertDescription className="whitespace-pre-wrap wrap-anywhere">{e.error}</AlertDescription>
      </Alert>
    );
  }
  if (e.output !== null) return <p className="rounded-md border p-3 text-sm whitespace-pre-wrap wrap-anywhere">{e.output}</p>;
  return (
    <p className="text-sm text-muted-foreground">
      {e.source === 'resolve'
        ? e.status === 'resolved'
          ? 'Verso did not call a model here: the application was given the prompt and calls the model itself. It may report the outcome with PATCH /api/v1/executions/<id>.'
          : 'The application reported the outcome without the output.'
        : e.status === 'timeout'
          ? 'The model did not answer in time.'
          : 'No output was recorded.'}
    </p>
  );
}

function Trace({ e }: { e: ExecutionDetail }) {
  if (!e.traceId) {
    return (
      <p className="text-sm text-muted-foreground" data-testid="trace-off">
        Not traced (tracing was off for this call).
      </p>
    );
  }
  const href = phoenixTraceUrl(e.traceId);
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <span className="text-xs text-muted-foreground">
          Trace <span className="font-mono break-all">{e.traceId}</span>
        </span>
        {href && (
          <Button asChild variant="outline" size="sm">
            <a href={href} target="_blank" rel="noreferrer" data-testid="trace-link">
              Open in Phoenix <ExternalLinkIcon />
            </a>
          </Button>
        )}
      </div>
      {href ? (
        <Suspense fallback={<TraceSpansLoading />}>
          <TraceSpans traceId={e.traceId} createdAt={e.createdAt} />
        </Suspense>
      ) : (
        <p className="text-sm text-muted-foreground" data-testid="trace-unconfigured">
          Phoenix is not configured here: set PHOENIX_URL (or PHOENIX_COLLECTOR_ENDPOINT) to link to the trace and show its spans.
        </p>
      )}
    </div>
  );
}

export default async function ExecutionPage({ params }: Props) {
  const actor = await pageActor('viewer');
  const { id } = await params;
  const e = await executionOrNotFound(id);
  const canScore = hasRole(actor, 'editor');
  const [datasets, humanScores] = await Promise.all([canScore ? listDatasets().then((all) => all.map((d) => d.name)) : null, listHumanScores(e.id)]);
  const sent = sentPromptTitle(e.sent);
  const { guardrails: _guardrails, ...metadata } = e.metadata ?? {};

  return (
    <div className="space-y-5" data-testid="execution-detail" data-execution-id={e.id}>
      <ExecutionHeader execution={e} />
      <Card>
        <CardContent className="pt-4 sm:pt-6">
          <ExecutionFacts execution={e} />
        </CardContent>
      </Card>

      <div className="grid gap-5 lg:grid-cols-2">
        <Card className="min-w-0">
          <CardHeader>
            <CardTitle>Variables</CardTitle>
            <CardDescription>As the caller sent them.</CardDescription>
          </CardHeader>
          <CardContent>
            <JsonBlock value={e.variables} testId="execution-variables" />
            {e.attributes && (
              <div className="mt-4 space-y-1.5">
                <p className="text-sm font-medium">Unit attributes</p>
                <JsonBlock value={e.attributes} testId="execution-attributes" />
              </div>
            )}
          </CardContent>
        </Card>
        <Card className="min-w-0">
          <CardHeader>
            <CardTitle>{sent.title}</CardTitle>
            <CardDescription>{sent.description}</CardDescription>
          </CardHeader>
          <CardContent data-testid="execution-sent">
            <SentPromptView sent={e.sent} />
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Output</CardTitle>
        </CardHeader>
        <CardContent data-testid="execution-output">
          <Output e={e} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Metrics</CardTitle>
          <CardDescription>Outcomes reported for this execution; experiments compare variants on them.</CardDescription>
        </CardHeader>
        <CardContent>
          <MetricList metrics={e.metrics} />
        </CardContent>
      </Card>

      <Card data-testid="human-score-card">
        <CardHeader>
          <CardTitle>Human score</CardTitle>
          <CardDescription>A person’s judgement of this output: recorded as the execution’s thumbs or rating metric, which experiments can compare.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <HumanScoreList scores={humanScores} />
          {canScore && <HumanScoreForm executionId={e.id} />}
        </CardContent>
      </Card>

      {e.guardrails !== null && (
        <Card>
          <CardHeader>
            <CardTitle>Guardrails</CardTitle>
            <CardDescription>The results of the guardrails applied to this execution.</CardDescription>
          </CardHeader>
          <CardContent>
            <JsonBlock value={e.guardrails} testId="execution-guardrails" />
          </CardContent>
        </Card>
      )}

      {Object.keys(metadata).length > 0 && (
        <Card>
          <CardHeader>
            <CardTitle>Metadata</CardTitle>
            <CardDescription>What the caller attached to the call.</CardDescription>
          </CardHeader>
          <CardContent>
            <JsonBlock value={metadata} testId="execution-metadata" />
          </CardContent>
        </Card>
      )}

      {datasets && (
        <Card>
          <CardHeader>
            <CardTitle>Add to a dataset</CardTitle>
            <CardDescription>Keep this call as a test case: its variables, and the output you expect (this one, or a better one).</CardDescription>
          </CardHeader>
          <CardContent>
            <AddToDatasetForm executionId={e.id} datasets={datasets} />
          </CardContent>
        </Card>
      )}

      <Card data-testid="trace">
        <CardHeader>
          <CardTitle>Trace</CardTitle>
          <CardDescription>The spans of this call in Phoenix: the prompt’s chain and, when Verso called the model, the model call.</CardDescription>
        </CardHeader>
        <CardContent>
          <Trace e={e} />
        </CardContent>
      </Card>
    </div>
  );
}
