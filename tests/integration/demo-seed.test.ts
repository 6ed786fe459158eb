import { describe, expect, it } from 'vitest';
import { compareRuns } from '@/lib/evals/comparison';
import { listEvalResults, listEvalRuns } from '@/lib/evals/runs';
import { listExperiments } from '@/lib/experiments/experiments';
import { experimentResults } from '@/lib/experiments/results';
import { experimentTimelineFor } from '@/lib/experiments/timeline';
import { getVersion } from '@/lib/prompts/registry';
import { seedDemoIfEmpty } from '@/lib/server/demo';
import { withTestDatabase } from '../support/db';

withTestDatabase();

const DAY_MS = 86_400_000;

describe('the demo seed on an empty database', () => {
  it('leaves a finished experiment with a deployed winner, a running one with days of results, and two eval runs', { timeout: 120_000 }, async () => {
    expect(await seedDemoIfEmpty()).toBe(true);

    const experiments = await listExperiments();
    expect(experiments.map((e) => [e.key, e.prompt, e.status, e.winner]).sort()).toEqual([
      ['support-reply-orders', 'support/reply', 'running', null],
      ['ticket-classifier-few-shot', 'ticket-classifier', 'completed', 'few-shot'],
    ]);

    const finished = await experimentResults('ticket-classifier-few-shot');
    expect(finished.variants.map((v) => v.executions).every((n) => n > 500)).toBe(true);
    expect(finished.metrics[0]!.comparisons[0]).toMatchObject({ variant: 'few-shot', better: true });
    // Declaring the winner deployed its version.
    const winner = finished.experiment.variants.find((v) => v.key === 'few-shot')!;
    expect((await getVersion('ticket-classifier')).view.version).toBe(winner.version);

    const running = await experimentResults('support-reply-orders');
    expect(running.variants.map((v) => v.executions).every((n) => n > 1_000)).toBe(true);
    expect(running.srm.mismatch).toBe(false);
    const guardrail = running.metrics.find((m) => m.role === 'guardrail')!;
    expect(Object.values(guardrail.summaries).every((s) => s.n > 1_000)).toBe(true);
    expect(Date.now() - Date.parse(running.experiment.startedAt!)).toBeGreaterThan(5 * DAY_MS);

    // Units arrive over the days it has run, so the chart has a shape, cumulative and by day.
    const timeline = await experimentTimelineFor('support-reply-orders');
    expect(timeline.bucket).toBe('day');
    expect(new Set(timeline.cumulative.map((p) => p.time)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(timeline.daily.map((p) => p.time)).size).toBeGreaterThanOrEqual(6);

    // Two finished offline runs of the classifier over the labelled tickets, ready to compare.
    const runs = (await listEvalRuns({ dataset: 'ticket-cases' })).sort((a, b) => a.version - b.version);
    expect(runs.map((r) => [r.prompt, r.version, r.status, r.progress.done, r.progress.total])).toEqual([
      ['ticket-classifier', 2, 'completed', 40, 40],
      ['ticket-classifier', 3, 'completed', 40, 40],
    ]);
    const results = await listEvalResults(runs[0]!.id);
    expect(results.filter((r) => r.scores.exact!.pass).every((r) => r.output === r.expected)).toBe(true);
    const comparison = await compareRuns(runs.map((r) => r.id));
    const exact = comparison.comparisons[0]!.evaluators.find((e) => e.evaluator === 'exact')!;
    expect(exact.n).toBe(40);
    expect(exact.candidateMean!).toBeGreaterThan(exact.baselineMean!);

    expect(await seedDemoIfEmpty()).toBe(false);
  });
});
