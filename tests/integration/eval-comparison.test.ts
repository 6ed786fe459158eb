import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { getDatasetByName } from '@/db/queries/datasets';
import { getPromptByName } from '@/db/queries/prompts';
import { evalResults, evalRuns, executions, type EvalRunStatus, type EvalScore } from '@/db/schema';
import { addDatasetVersion, createDataset } from '@/lib/datasets/datasets';
import { compareRuns } from '@/lib/evals/comparison';
import { COMPOSITE, comparisonView, type ComparisonView } from '@/lib/evals/schemas';
import { newId } from '@/lib/ids';
import { editor } from '../support/actors';
import { withTestDatabase } from '../support/db';
import { givenPrompt } from '../support/prompts';

withTestDatabase();

// Three runs of one prompt over the same 10 items, with scores, latencies and costs chosen so the
// expected numbers can be worked out by hand; a fourth on another dataset version.
const EVALUATORS = [
  { name: 'exact', type: 'exact', weight: 1 },
  { name: 'similar', type: 'levenshtein', weight: 1, threshold: 0.8 },
];
const N = 10;
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

type Row = { status?: 'success' | 'error'; exact?: number | null; similar?: number | null; latencyMs?: number; costUsd?: string | null; composite?: number | null };

// Baseline: exact passes on items 1–5; similar 0.50 everywhere; 1000 ms; $0.002000.
const baselineRows: Row[] = range(N).map((i) => ({ exact: i <= 5 ? 1 : 0, similar: 0.5, latencyMs: 1000, costUsd: '0.0020000000' }));
// Candidate B: fails on item 10, has no item 9; exact newly passes on 6, 7 and 8 and no longer on 1;
// similar better by 0.01·i (distinct, all positive: exact Wilcoxon, p = 2/2⁸); 20 ms slower per
// item plus i ms; $0.0005 cheaper on each item.
const candidateB: (Row | undefined)[] = range(N).map((i) =>
  i === 10 ? { status: 'error' } : i === 9 ? undefined : { exact: i === 1 ? 0 : i <= 8 ? 1 : 0, similar: 0.5 + 0.01 * i, latencyMs: 1020 + i, costUsd: '0.0015000000' },
);
// Candidate C: the same exact scores as the baseline; similar lower by 0.02·i; no cost recorded
// on the first two items; item 4 judged by nothing (null similar).
const candidateC: Row[] = range(N).map((i) => ({
  exact: i <= 5 ? 1 : 0,
  similar: i === 4 ? null : 0.5 - 0.02 * i,
  latencyMs: 990,
  costUsd: i <= 2 ? null : '0.0030000000',
}));

const composite = (r: Row) => (r.exact === undefined || r.exact === null ? null : (r.exact + (r.similar ?? 0)) / 2);

let datasetId = '';
let promptId = '';
const ids = { a: '', b: '', c: '', otherVersion: '' };

async function insertRun(rows: (Row | undefined)[], { version = 1, status = 'completed' as EvalRunStatus } = {}) {
  const id = newId();
  await getDb()
    .insert(evalRuns)
    .values({ id, datasetId, datasetVersion: version, promptId, promptName: 'summarise', version: 1, modelConfig: { provider: 'openai', model: 'gpt-4o-mini' }, concurrency: 4, status, itemCount: N, createdBy: 'test', evaluators: EVALUATORS });
  const values = rows.flatMap((r, i) => {
    if (!r) return [];
    const scores: Record<string, EvalScore> = {};
    if ((r.status ?? 'success') === 'success')
      for (const name of ['exact', 'similar'] as const) scores[name] = { score: r[name] ?? null, pass: r[name] === null || r[name] === undefined ? null : r[name]! >= 0.8, reason: 'a long reason the comparison never reads' };
    return [
      {
        runId: id,
        position: i + 1,
        executionId: newId(),
        status: r.status ?? ('success' as const),
        output: 'out',
        latencyMs: r.latencyMs ?? null,
        costUsd: r.costUsd ?? null,
        scores,
        composite: (r.status ?? 'success') === 'success' ? composite(r) : null,
        error: r.status === 'error' ? 'model failed' : null,
      },
    ];
  });
  await getDb().insert(evalResults).values(values);
  return id;
}

async function insertExecutions(source: (typeof executions.$inferInsert)['source'], count: number, { daysAgo = 1, prompt = promptId } = {}) {
  const createdAt = new Date(Date.now() - daysAgo * 24 * 3600 * 1000);
  await getDb()
    .insert(executions)
    .values(range(count).map(() => ({ id: newId(), promptId: prompt, promptName: 'summarise', version: 1, source, variables: {}, createdAt })));
}

/** Two-sided exact binomial (½) test of min(b, c) among b + c: the exact McNemar p-value. */
function exactMcNemar(b: number, c: number) {
  const m = b + c;
  let tail = 0;
  for (let k = 0; k <= Math.min(b, c); k++) {
    let choose = 1;
    for (let j = 0; j < k; j++) choose = (choose * (m - j)) / (j + 1);
    tail += choose / 2 ** m;
  }
  return Math.min(1, 2 * tail);
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('compareRuns', () => {
  let view: ComparisonView;

  beforeAll(async () => {
    await givenPrompt('summarise');
    await givenPrompt('other-prompt');
    promptId = (await getPromptByName(getDb(), 'summarise'))!.id;
    await createDataset(editor, { name: 'articles', items: range(N).map((i) => ({ variables: { text: `article ${i}` } })) });
    await addDatasetVersion(editor, 'articles', { items: [{ variables: { text: 'one more' } }], mode: 'append' });
    datasetId = (await getDatasetByName(getDb(), 'articles'))!.id;
    ids.a = await insertRun(baselineRows);
    ids.b = await insertRun(candidateB, { status: 'running' });
    ids.c = await insertRun(candidateC);
    ids.otherVersion = await insertRun(baselineRows, { version: 2 });

    // Production traffic of the prompt in the last 30 days: 4 + 3 + 2 = 9 executions count.
    await insertExecutions('resolve', 4);
    await insertExecutions('run', 3, { daysAgo: 29 });
    await insertExecutions('gateway', 2);
    // These do not: offline evals and judges, the playground, older traffic, another prompt.
    await insertExecutions('eval', 6);
    await insertExecutions('playground', 2);
    await insertExecutions('resolve', 5, { daysAgo: 31 });
    await insertExecutions('resolve', 7, { prompt: (await getPromptByName(getDb(), 'other-prompt'))!.id });

    view = comparisonView.parse(await compareRuns([ids.a, ids.b, ids.c]));
  });

  it('names the dataset version, the runs in order, and compares each candidate with the first run', () => {
    expect(view.datasetVersion).toEqual({ dataset: 'articles', version: 1 });
    expect(view.alpha).toBe(0.05);
    expect(view.runs.map((r) => [r.id, r.status])).toEqual([
      [ids.a, 'completed'],
      [ids.b, 'running'],
      [ids.c, 'completed'],
    ]);
    expect(view.comparisons.map((c) => [c.baselineRunId, c.candidateRunId])).toEqual([
      [ids.a, ids.b],
      [ids.a, ids.c],
    ]);
    expect(view.comparisons.map((c) => c.evaluators.map((e) => [e.evaluator, e.kind]))).toEqual([
      [['exact', 'binary'], ['similar', 'score'], [COMPOSITE, 'score']],
      [['exact', 'binary'], ['similar', 'score'], [COMPOSITE, 'score']],
    ]);
  });

  it('pairs the items both runs answered and counts the others as excluded', () => {
    const [b, c] = view.comparisons;
    expect(b!.excludedItems).toBe(2); // item 9 missing, item 10 failed
    expect(c!.excludedItems).toBe(0);
    expect(b!.evaluators.map((e) => e.n)).toEqual([8, 8, 8]);
    expect(c!.evaluators.map((e) => e.n)).toEqual([10, 9, 10]); // item 4 has no similar score
  });

  it('reports pass rates and McNemar on the discordant items for a pass/fail evaluator', () => {
    const exact = view.comparisons[0]!.evaluators[0]!;
    // Items 1–8: the baseline passes 1–5 (5/8), the candidate 2–8 (7/8); 6, 7, 8 improved, 1 worsened.
    expect(exact.baselineMean).toBeCloseTo(5 / 8, 12);
    expect(exact.candidateMean).toBeCloseTo(7 / 8, 12);
    expect(exact.meanDifference).toBeCloseTo(2 / 8, 12);
    expect(exact.mcnemar).toEqual({ improved: 3, worsened: 1, pValue: expect.any(Number), method: 'exact' });
    expect(exact.mcnemar!.pValue).toBeCloseTo(exactMcNemar(1, 3), 12); // 0.625
    expect(exact.pairedT).toBeNull();
    expect(exact.wilcoxon).toBeNull();
    expect(exact.verdict).toBe('no difference');
    // Unchanged everywhere: no discordant pair, p = 1.
    const same = view.comparisons[1]!.evaluators[0]!;
    expect(same).toMatchObject({ meanDifference: 0, pValue: 1, verdict: 'no difference', mcnemar: { improved: 0, worsened: 0 } });
  });

  it('reports Wilcoxon and the paired t-test for a scaled evaluator, Holm-adjusted across both candidates', () => {
    const similarB = view.comparisons[0]!.evaluators[1]!;
    const differencesB = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => 0.01 * i);
    expect(similarB.meanDifference).toBeCloseTo(mean(differencesB), 12);
    // Every difference positive and distinct: W− = 0, exact p = 2 · 1/2⁸.
    expect(similarB.wilcoxon).toEqual({ statistic: 0, pValue: 2 / 2 ** 8, method: 'exact' });
    expect(similarB.pairedT!.df).toBe(7);
    const sd = Math.sqrt(differencesB.reduce((s, d) => s + (d - mean(differencesB)) ** 2, 0) / 7);
    expect(similarB.pairedT!.t).toBeCloseTo(mean(differencesB) / (sd / Math.sqrt(8)), 9);
    const [lo, hi] = similarB.bootstrapCi!;
    expect(lo).toBeGreaterThanOrEqual(0.01);
    expect(hi).toBeLessThanOrEqual(0.08);
    expect(lo).toBeLessThan(similarB.meanDifference!);

    const similarC = view.comparisons[1]!.evaluators[1]!;
    // Items 1–10 but 4: lower by 0.02·i, all negative and distinct: W+ = 0, exact p = 2/2⁹.
    expect(similarC.wilcoxon).toEqual({ statistic: 0, pValue: 2 / 2 ** 9, method: 'exact' });
    expect(similarC.meanDifference).toBeCloseTo(-mean([1, 2, 3, 5, 6, 7, 8, 9, 10].map((i) => 0.02 * i)), 12);

    // Holm over all six tests on the page, computed here from the reported p-values.
    const all = view.comparisons.flatMap((c) => c.evaluators);
    const order = all.map((e, i) => [e.pValue!, i] as const).sort((x, y) => x[0] - y[0]);
    const expected: number[] = [];
    let running = 0;
    order.forEach(([p, i], rank) => (expected[i] = running = Math.min(1, Math.max(running, (all.length - rank) * p))));
    all.forEach((e, i) => expect(e.adjustedPValue).toBeCloseTo(expected[i]!, 12));
    // Smallest first: C's composite (2/2¹⁰, all ten differences negative and distinct) · 6, then
    // C's similar 2/2⁹ · 5 = 0.0195, then B's similar 2/2⁸ · 4 = 0.031: both still below 0.05.
    expect(view.comparisons[1]!.evaluators[2]!.pValue).toBe(2 / 2 ** 10);
    expect(similarC.adjustedPValue).toBeCloseTo((5 * 2) / 2 ** 9, 12);
    expect(similarB.adjustedPValue).toBeCloseTo((4 * 2) / 2 ** 8, 12);
    expect([similarB.verdict, similarC.verdict]).toEqual(['better', 'worse']);
  });

  it('reports latency and cost differences, and projects the cost over the prompt’s production month', () => {
    const [b, c] = view.comparisons;
    expect(b!.latency.n).toBe(8);
    expect(b!.latency.meanDifferenceMs).toBeCloseTo(20 + mean(range(8)), 9);
    expect(b!.latency.ci![0]).toBeLessThan(b!.latency.meanDifferenceMs!);
    expect(b!.latency.ci![1]).toBeGreaterThan(b!.latency.meanDifferenceMs!);
    // Every item $0.0005 cheaper: no spread, so no p-value, and an interval of one point.
    expect(b!.cost).toMatchObject({ n: 8, monthlyVolume: 9, pValue: null });
    expect(b!.cost.meanDifferenceUsd).toBeCloseTo(-0.0005, 12);
    expect(b!.cost.projectedMonthlyDifferenceUsd).toBeCloseTo(-0.0045, 12);
    expect(b!.cost.projectedMonthlyCi![0]).toBeCloseTo(-0.0045, 12);
    expect(b!.cost.projectedMonthlyCi![1]).toBeCloseTo(-0.0045, 12);
    // C has a cost on items 3–10 only.
    expect(c!.cost.n).toBe(8);
    expect(c!.cost.meanDifferenceUsd).toBeCloseTo(0.001, 12);
    expect(c!.cost.projectedMonthlyDifferenceUsd).toBeCloseTo(0.009, 12);
    expect(c!.latency).toMatchObject({ n: 10, meanDifferenceMs: -10, ci: null, pValue: null });
  });

  it('is stable across reloads', async () => {
    expect(comparisonView.parse(await compareRuns([ids.a, ids.b, ids.c]))).toEqual(view);
  });

  it('uses another alpha when asked', async () => {
    const strict = await compareRuns([ids.a, ids.c], { alpha: 0.001 });
    expect(strict.alpha).toBe(0.001);
    expect(strict.comparisons[0]!.evaluators[1]!.verdict).toBe('no difference'); // p = 2/2⁹, Holm · 2 = 0.0078
  });

  it('refuses runs on different dataset versions, unknown runs, and fewer than two runs', async () => {
    await expect(compareRuns([ids.a, ids.otherVersion])).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/same dataset version.*articles v1.*articles v2/) });
    const unknown = '01900000-0000-7000-8000-000000000000';
    await expect(compareRuns([ids.a, unknown])).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining(unknown) });
    await expect(compareRuns([ids.a])).rejects.toMatchObject({ code: 'invalid' });
    await expect(compareRuns([ids.a, ids.a])).rejects.toMatchObject({ code: 'invalid' });
    await expect(compareRuns([ids.a, 'not-a-uuid'])).rejects.toMatchObject({ code: 'invalid' });
  });
});
