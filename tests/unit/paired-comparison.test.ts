import { describe, expect, it } from 'vitest';
import { seededRandom, standardNormal } from '@/lib/experiments/simulation';
import { kindOf } from '@/lib/evals/evaluators';
import { adjustAcrossPage, compareRunPair, pairResults, sharedEvaluators, type ItemResult } from '@/lib/evals/paired-comparison';
import { COMPOSITE, runComparison, type EvaluatorSpec, type RunComparison } from '@/lib/evals/schemas';
import reference from './fixtures/paired_comparison_reference.json';
import { expectClose, expectIntervalClose, expectNoNonFinite } from './stats/tolerance';

type Run = { id: string; evaluators: EvaluatorSpec[]; items: ItemResult[] };
/** Specs as the tests write them: name, type and, for a judge, the scale. */
const specs = (list: { name: string; type: string; scale?: string }[]) => list as EvaluatorSpec[];
type Page = { name: string; input: { alpha: number; monthlyVolume: number; runs: Run[] }; expected: ExpectedComparison[] };
type ExpectedEvaluator = {
  evaluator: string;
  kind: 'binary' | 'score';
  n: number;
  baselineMean: number | null;
  candidateMean: number | null;
  meanDifference: number | null;
  pairedT: { t: number; df: number; pValue: number } | null;
  wilcoxon: { statistic: number; pValue: number; method: string } | null;
  mcnemar: { improved: number; worsened: number; pValue: number; method: string } | null;
  pValue: number | null;
  adjustedPValue: number | null;
  verdict: string;
};
type ExpectedComparison = {
  baselineRunId: string;
  candidateRunId: string;
  evaluators: ExpectedEvaluator[];
  latency: { n: number; meanDifferenceMs: number | null; ci: number[] | null; pValue: number | null };
  cost: { n: number; meanDifferenceUsd: number | null; pValue: number | null; monthlyVolume: number; projectedMonthlyDifferenceUsd: number | null };
  excludedItems: number;
};

const pages = reference.pages as unknown as Page[];

/** What compareRuns does with the rows it loads: one pair comparison per candidate, then Holm over the page. */
function comparePage({ alpha, monthlyVolume, runs }: Page['input']): RunComparison[] {
  const [baseline, ...candidates] = runs;
  const hasComposite = (run: Run) => run.items.some((r) => r.status === 'success' && r.composite !== null);
  return adjustAcrossPage(
    candidates.map((candidate) =>
      compareRunPair({
        baselineRunId: baseline!.id,
        candidateRunId: candidate.id,
        baseline: baseline!.items,
        candidate: candidate.items,
        evaluators: sharedEvaluators(baseline!.evaluators, candidate.evaluators, { withComposite: hasComposite(baseline!) && hasComposite(candidate), kindOf }),
        monthlyVolume,
        alpha,
      }),
    ),
    alpha,
  );
}

const closeOrNull = (actual: number | null | undefined, expected: number | null) => {
  if (expected === null) expect(actual).toBeNull();
  else expectClose(actual, expected, 1e-6, 1e-12);
};

describe('paired comparison against the scipy reference', () => {
  it.each(pages.map((p) => [p.name, p] as const))('%s', (_, page) => {
    const got = comparePage(page.input);
    expect(got).toHaveLength(page.expected.length);
    got.forEach((c, i) => {
      const want = page.expected[i]!;
      runComparison.parse(c);
      expectNoNonFinite(c);
      expect([c.baselineRunId, c.candidateRunId]).toEqual([want.baselineRunId, want.candidateRunId]);
      expect(c.excludedItems).toBe(want.excludedItems);
      expect(c.evaluators.map((e) => [e.evaluator, e.kind, e.n, e.verdict])).toEqual(want.evaluators.map((e) => [e.evaluator, e.kind, e.n, e.verdict]));
      c.evaluators.forEach((e, j) => {
        const w = want.evaluators[j]!;
        closeOrNull(e.baselineMean, w.baselineMean);
        closeOrNull(e.candidateMean, w.candidateMean);
        closeOrNull(e.meanDifference, w.meanDifference);
        closeOrNull(e.pValue, w.pValue);
        closeOrNull(e.adjustedPValue, w.adjustedPValue);
        if (w.pairedT === null) expect(e.pairedT).toBeNull();
        else {
          expectClose(e.pairedT?.t, w.pairedT.t);
          expect(e.pairedT?.df).toBe(w.pairedT.df);
          expectClose(e.pairedT?.pValue, w.pairedT.pValue, 1e-6, 1e-300);
        }
        if (w.wilcoxon === null) expect(e.wilcoxon).toBeNull();
        else {
          expect(e.wilcoxon).toMatchObject({ statistic: w.wilcoxon.statistic, method: w.wilcoxon.method });
          expectClose(e.wilcoxon?.pValue, w.wilcoxon.pValue, 1e-6, 1e-300);
        }
        if (w.mcnemar === null) expect(e.mcnemar).toBeNull();
        else {
          expect(e.mcnemar).toMatchObject({ improved: w.mcnemar.improved, worsened: w.mcnemar.worsened, method: w.mcnemar.method });
          expectClose(e.mcnemar?.pValue, w.mcnemar.pValue, 1e-6, 1e-300);
        }
        // The bootstrap interval is checked by simulation (bootstrap.test.ts); here: present when
        // there are pairs, ordered, and inside the range of the differences.
        if (w.n === 0) expect(e.bootstrapCi).toBeNull();
        else {
          expect(e.bootstrapCi![0]).toBeLessThanOrEqual(e.bootstrapCi![1]);
          expect(e.bootstrapCi![0]).toBeGreaterThanOrEqual(e.kind === 'binary' ? -1 : -Infinity);
          expect(e.bootstrapCi![1]).toBeLessThanOrEqual(e.kind === 'binary' ? 1 : Infinity);
        }
      });
      expect(c.latency.n).toBe(want.latency.n);
      closeOrNull(c.latency.meanDifferenceMs, want.latency.meanDifferenceMs);
      closeOrNull(c.latency.pValue, want.latency.pValue);
      if (want.latency.ci === null) expect(c.latency.ci).toBeNull();
      else expectIntervalClose(c.latency.ci, want.latency.ci);
      expect(c.cost.n).toBe(want.cost.n);
      expect(c.cost.monthlyVolume).toBe(want.cost.monthlyVolume);
      closeOrNull(c.cost.meanDifferenceUsd, want.cost.meanDifferenceUsd);
      closeOrNull(c.cost.pValue, want.cost.pValue);
      closeOrNull(c.cost.projectedMonthlyDifferenceUsd, want.cost.projectedMonthlyDifferenceUsd);
      expect(c.cost.projectedMonthlyCi).toEqual(c.cost.ci!.map((x) => x * want.cost.monthlyVolume));
    });
  });

  it('covers what it claims to: every test method, every verdict, Holm over several candidates', () => {
    const evaluators = pages.flatMap((p) => p.expected.flatMap((c) => c.evaluators));
    expect(new Set(evaluators.map((e) => e.verdict))).toEqual(new Set(['better', 'worse', 'no difference', 'not enough data']));
    expect(new Set(evaluators.map((e) => e.wilcoxon?.method ?? e.mcnemar?.method).filter(Boolean))).toEqual(new Set(['exact', 'normal', 'chi-square']));
    const multi = pages.find((p) => p.expected.length > 1)!;
    // An evaluator significant on its own (p < 0.05) but not once the page's six tests are counted.
    expect(multi.expected.flatMap((c) => c.evaluators).some((e) => e.pValue! < 0.05 && e.verdict === 'no difference')).toBe(true);
  });
});

describe('pairing and evaluator kinds', () => {
  const item = (position: number, status: 'success' | 'error' = 'success'): ItemResult => ({
    position,
    status,
    latencyMs: 100,
    costUsd: 0.001,
    scores: { a: 1 },
    composite: 1,
  });

  it('pairs successful items by position and counts every other item of either run as excluded', () => {
    const { pairs, excludedItems } = pairResults([item(1), item(2, 'error'), item(3), item(5)], [item(3), item(1), item(2), item(4), item(5, 'error')]);
    expect(pairs.map((p) => [p.baseline.position, p.candidate.position])).toEqual([
      [1, 1],
      [3, 3],
    ]);
    expect(excludedItems).toBe(3); // 2 (error), 4 (missing in the baseline), 5 (error)
  });

  it('compares pass/fail evaluators with McNemar and scaled ones with Wilcoxon (the kinds the reference assumes)', () => {
    const kind = (type: string, scale?: string) => kindOf({ name: 'x', type, scale } as EvaluatorSpec);
    for (const type of ['exact', 'contains', 'regex', 'json_valid', 'json_schema', 'numeric', 'length', 'latency', 'cost']) expect(kind(type), type).toBe('binary');
    expect(kind('levenshtein')).toBe('score');
    expect(kind('judge', 'binary')).toBe('binary');
    expect(kind('judge', '1-5')).toBe('score');
    expect(kind('judge', '0-1')).toBe('score');
  });

  it('compares the evaluators both runs have, in the baseline order, then the composite', () => {
    const shared = sharedEvaluators(
      specs([
        { name: 'b', type: 'exact' },
        { name: 'a', type: 'judge', scale: '1-5' },
        { name: 'gone', type: 'regex' },
        { name: 'changed', type: 'exact' },
      ]),
      specs([
        { name: 'a', type: 'judge', scale: '1-5' },
        { name: 'new', type: 'contains' },
        { name: 'b', type: 'exact' },
        { name: 'changed', type: 'levenshtein' },
      ]),
      { withComposite: true, kindOf },
    );
    expect(shared).toEqual([
      { name: 'b', kind: 'binary' },
      { name: 'a', kind: 'score' },
      { name: 'changed', kind: 'score' },
      { name: COMPOSITE, kind: 'score' },
    ]);
  });

  it('gives the same page on every call (seeded bootstrap)', () => {
    const page = pages[2]!;
    expect(comparePage(page.input)).toEqual(comparePage(page.input));
  });
});

describe('the verdicts a gate relies on', () => {
  // Paired runs with no true difference: each item has its own difficulty, shared by both runs,
  // and each run's answer varies around it. A "worse" (or "better") verdict here is a false alarm.
  function nullPage(random: () => number, n: number): RunComparison[] {
    const baseline: ItemResult[] = [];
    const candidate: ItemResult[] = [];
    for (let position = 1; position <= n; position++) {
      const difficulty = random();
      const pass = () => (random() < 0.3 + 0.6 * difficulty ? 1 : 0);
      const judge = () => Math.min(5, Math.max(1, Math.round(1 + 4 * difficulty + 0.8 * standardNormal(random))));
      const row = (): ItemResult => {
        const scores = { exact: pass(), helpful: judge() };
        return { position, status: 'success', latencyMs: 500, costUsd: 0.001, scores, composite: (scores.exact + (scores.helpful - 1) / 4) / 2 };
      };
      baseline.push(row());
      candidate.push(row());
    }
    const both = specs([
      { name: 'exact', type: 'exact' },
      { name: 'helpful', type: 'judge', scale: '1-5' },
    ]);
    const evaluators = sharedEvaluators(both, both, { withComposite: true, kindOf });
    // The verdicts do not use the bootstrap: a few resamples keep 1,000 pages fast.
    const comparison = compareRunPair({ baselineRunId: 'b', candidateRunId: 'c', baseline, candidate, evaluators, monthlyVolume: 0, alpha: 0.05, resamples: 50 });
    return adjustAcrossPage([comparison], 0.05);
  }

  it('flags a difference on at most alpha of 1,000 null comparisons (binomial band), per evaluator and per page', () => {
    const random = seededRandom(4711);
    const runs = 1000;
    const flagged = new Map<string, number>();
    let pagesFlagged = 0;
    for (let run = 0; run < runs; run++) {
      const [comparison] = nullPage(random, 150);
      const significant = comparison!.evaluators.filter((e) => e.verdict === 'better' || e.verdict === 'worse');
      for (const e of significant) flagged.set(e.evaluator, (flagged.get(e.evaluator) ?? 0) + 1);
      if (significant.length) pagesFlagged++;
    }
    // Binomial(1000, 0.05): mean 50, sd 6.9; 0.05 + 3 sd = 0.071.
    for (const name of ['exact', 'helpful', COMPOSITE]) expect((flagged.get(name) ?? 0) / runs, name).toBeLessThanOrEqual(0.071);
    // Holm keeps the family-wise rate of the page at alpha too.
    expect(pagesFlagged / runs).toBeLessThanOrEqual(0.071);
    // …and is not vacuous: a test that never rejects would pass the bounds above (measured: 4.3%).
    expect(pagesFlagged / runs).toBeGreaterThanOrEqual(0.02);
  });

  it('finds a real improvement and calls it better, and a real regression worse', () => {
    const random = seededRandom(99);
    const rows = (shift: number) =>
      Array.from({ length: 200 }, (_, i): ItemResult => {
        const helpful = Math.min(5, Math.max(1, Math.round(3 + shift + standardNormal(random))));
        return { position: i + 1, status: 'success', latencyMs: 400, costUsd: null, scores: { helpful }, composite: null };
      });
    const evaluators = [{ name: 'helpful', kind: 'score' as const }];
    const baseline = rows(0);
    const [better, worse] = adjustAcrossPage(
      [
        compareRunPair({ baselineRunId: 'b', candidateRunId: 'up', baseline, candidate: rows(0.5), evaluators, monthlyVolume: 100, alpha: 0.05 }),
        compareRunPair({ baselineRunId: 'b', candidateRunId: 'down', baseline, candidate: rows(-0.5), evaluators, monthlyVolume: 100, alpha: 0.05 }),
      ],
      0.05,
    );
    expect(better!.evaluators[0]!.verdict).toBe('better');
    expect(worse!.evaluators[0]!.verdict).toBe('worse');
    // No cost on either side: nothing to project.
    expect(better!.cost).toMatchObject({ n: 0, meanDifferenceUsd: null, ci: null, projectedMonthlyDifferenceUsd: null, projectedMonthlyCi: null });
  });
});
