import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ExperimentAggregates, ExposureAggregate, MetricAggregate, Population } from '@/db/queries/results';
import { MethodBadge, methodInfoOf } from '@/components/experiments/analysis-method';
import { AnalysisSummary, isProvisional } from '@/components/experiments/analysis-summary';
import { ApartResults } from '@/components/experiments/apart-results';
import { draftFromExperiment, emptyDraft, newMetric, parseDraft, restartKey, weightShares, type ExperimentDraft } from '@/components/experiments/experiment-draft';
import { leadingVariant } from '@/components/experiments/leading-variant';
import { MetricTable } from '@/components/experiments/metric-table';
import { SampleProgress } from '@/components/experiments/sample-progress';
import { SegmentBreakdown } from '@/components/experiments/segment-breakdown';
import { segmentParam } from '@/components/experiments/segment-param';
import { growthbookDefinition } from '@/lib/experiments/growthbook';
import { analyse, analyseSegments, type ExperimentResults } from '@/lib/experiments/results';
import type { ExperimentView } from '@/lib/experiments/views';

const prompt = { name: 'support/reply', latestVersion: 3, labels: { production: 2, latest: 3 } };

function filled(patch: Partial<ExperimentDraft> = {}): ExperimentDraft {
  return { ...emptyDraft(prompt), key: 'tone', name: 'Tone', ...patch };
}

describe('the create form', () => {
  it('starts with the control on production and the challenger on the latest version', () => {
    const draft = emptyDraft(prompt);
    expect(draft.variants.map((v) => [v.key, v.version])).toEqual([
      ['control', '2'],
      ['b', '3'],
    ]);
  });

  it('turns what was typed into the service input: percentages to shares, the control flag, the model override', () => {
    const draft = filled({ coverage: '50', control: 1, guardrails: [{ ...newMetric({ name: 'latency_ms', type: 'continuous', direction: 'decrease' }), tolerance: '10' }] });
    draft.variants[0] = { ...draft.variants[0]!, override: true, model: 'gpt-4o', temperature: '0.2' };
    const parsed = parseDraft(draft);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.input.coverage).toBe(0.5);
    expect(parsed.input.guardrailMetrics[0]!.tolerance).toBeCloseTo(0.1);
    expect(parsed.input.variants.map((v) => v.control)).toEqual([false, true]);
    expect(parsed.input.variants[0]!.modelConfig).toEqual({ model: 'gpt-4o', temperature: 0.2 });
    expect(parsed.input.variants[1]!.modelConfig).toBeUndefined();
  });

  it('names the fields it refuses, with the same paths the server uses', () => {
    const draft = filled({ key: 'Not A Key', alpha: '0.7' });
    draft.variants[1] = { ...draft.variants[1]!, weight: '0', key: 'control' };
    const parsed = parseDraft(draft);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors)).toEqual(expect.arrayContaining(['key', 'alpha', 'variants.1.weight', 'variants']));
    expect(parsed.errors['variants.1.weight']).toBe('The weight must be positive.');
  });

  it('shows each weight as a share of traffic and refuses weights that are not positive', () => {
    const variants = filled().variants;
    expect(weightShares([{ ...variants[0]!, weight: '1' }, { ...variants[1]!, weight: '3' }]).shares).toEqual([0.25, 0.75]);
    const bad = weightShares([{ ...variants[0]!, weight: '-1' }, { ...variants[1]!, weight: 'x' }]);
    expect(bad.shares).toEqual([null, null]);
    expect(bad.problem).toContain('control, b');
  });

  it('starts on the peeking-safe method and sends how each metric is analysed', () => {
    const draft = filled({
      primaryMetric: newMetric({ name: 'clicks', type: 'binary', direction: 'increase', per: 'execution' }),
      guardrails: [
        { ...newMetric({ name: 'revenue', type: 'continuous', direction: 'increase', aggregate: 'sum' }), tolerance: '5' },
        { ...newMetric({ name: 'latency_ms', type: 'continuous', direction: 'decrease' }), tolerance: '5' },
        // A ratio has no per-unit value to aggregate: the choice left in the form is not sent.
        { ...newMetric({ name: 'tokens', type: 'continuous', direction: 'decrease', per: 'execution', aggregate: 'sum' }), tolerance: '5' },
      ],
    });
    expect(draft.method).toBe('sequential');
    const parsed = parseDraft(draft);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.input.method).toBe('sequential');
    expect(parsed.input.primaryMetric).toEqual({ name: 'clicks', type: 'binary', direction: 'increase', per: 'execution' });
    expect(parsed.input.guardrailMetrics.map(({ name, per, aggregate }) => [name, per, aggregate])).toEqual([
      ['revenue', 'unit', 'sum'],
      ['latency_ms', 'unit', 'mean'],
      ['tokens', 'execution', undefined],
    ]);
  });

  it('fills the analysis choices back in from an experiment, with the defaults where the spec has none', () => {
    const draft = draftFromExperiment({
      ...experiment,
      primaryMetric: { name: 'clicks', type: 'binary', direction: 'increase' },
      guardrailMetrics: [{ name: 'revenue', type: 'continuous', direction: 'increase', aggregate: 'sum', tolerance: 0.05 }],
    });
    expect(draft.primaryMetric).toMatchObject({ per: 'unit', aggregate: 'mean' });
    expect(draft.guardrails[0]).toMatchObject({ per: 'unit', aggregate: 'sum', tolerance: '5' });
  });

  it('suggests a fresh key when restarting an experiment', () => {
    expect(restartKey('tone')).toBe('tone-2');
    expect(restartKey('tone-2')).toBe('tone-3');
  });
});

const setup = {
  key: 'tone',
  name: 'Tone',
  hypothesis: '',
  prompt: 'support/reply',
  status: 'running',
  variants: [
    { key: 'control', version: 2, weight: 1, control: true, modelConfig: null },
    { key: 'b', version: 3, weight: 1, control: false, modelConfig: null },
  ],
  coverage: 1,
  salt: 'tone',
  primaryMetric: { name: 'conversion', type: 'binary', direction: 'increase' },
  guardrailMetrics: [],
  minSampleSize: 100,
  alpha: 0.05,
  method: 'frequentist',
  sequentialTuning: null,
  targeting: null,
  winner: null,
  createdBy: 'admin',
  createdAt: '2026-01-01T00:00:00.000Z',
  startedAt: '2026-01-01T00:00:00.000Z',
  stoppedAt: null,
} satisfies Omit<ExperimentView, 'growthbook'>;
const experiment: ExperimentView = { ...setup, growthbook: growthbookDefinition(setup) };

// Hand-built aggregates, as aggregateExperiment returns them. Every unit has `perUnit`
// executions; a converted unit reported exactly one positive value (1), so all the sums follow.
type Where = { population?: Population; segment?: string | null };

function exposure(variant: string, units: number, perUnit = 1, where: Where = {}): ExposureAggregate {
  return { population: where.population ?? 'units', segment: where.segment ?? null, variant, units, executions: units * perUnit, executionsSquares: units * perUnit * perUnit };
}

function conversions(variant: string, metric: string, converted: number, perUnit = 1, where: Where = {}): MetricAggregate {
  const c = converted;
  return {
    population: where.population ?? 'units',
    segment: where.segment ?? null,
    variant,
    metric,
    converted: c,
    sum: c,
    sumSquares: c,
    valued: c,
    meanSum: c,
    meanSumSquares: c,
    count: c,
    countSquares: c,
    sumCount: c,
    positives: c,
    positivesSquares: c,
    positivesExecutions: c * perUnit,
    ignored: 0,
  };
}

/** control converts `c` of `units` units, b converts `b` of them. */
function binaryAggregates(units: number, c: number, b: number): ExperimentAggregates {
  return {
    exposures: [exposure('control', units), exposure('b', units)],
    metrics: [conversions('control', 'conversion', c), conversions('b', 'conversion', b)],
  };
}

const html = (element: Parameters<typeof renderToStaticMarkup>[0]) => renderToStaticMarkup(element);
/** The text a person reads: tags dropped, entities of the few characters used decoded. */
const text = (markup: string) => markup.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

function metricTable(results: ExperimentResults) {
  return html(
    createElement(MetricTable, {
      result: results.metrics[0]!,
      variants: results.variants,
      alpha: results.experiment.alpha,
      method: results.analysis.method,
      population: results.analysis.population,
      provisional: isProvisional(results),
    }),
  );
}

describe('the results views', () => {
  it('names the variant ahead on the primary metric, and no one when nothing was reported', () => {
    const aggregates = binaryAggregates(1000, 100, 150);
    expect(leadingVariant(analyse(experiment, aggregates))).toMatchObject({ variant: 'b', significant: true, declared: false });
    expect(leadingVariant(analyse({ ...experiment, primaryMetric: { ...experiment.primaryMetric, direction: 'decrease' } }, aggregates))).toMatchObject({
      variant: 'control',
    });
    expect(leadingVariant(analyse(experiment, { exposures: aggregates.exposures, metrics: [] }))).toBeNull();
    expect(leadingVariant(analyse({ ...experiment, winner: 'control' }, aggregates))).toMatchObject({ variant: 'control', declared: true });
    // A fixed-horizon test short of its planned sample calls nothing significant in the list.
    expect(leadingVariant(analyse({ ...experiment, minSampleSize: 5000 }, aggregates))).toMatchObject({ variant: 'b', significant: false });
  });

  it('counts units toward the planned sample, with executions as secondary information', () => {
    // 120 users on control (3 executions each), 80 on b (2 each): the sample counts users.
    const results = analyse(experiment, {
      exposures: [exposure('control', 120, 3), exposure('b', 80, 2)],
      metrics: [conversions('control', 'conversion', 12, 3), conversions('b', 'conversion', 8, 2)],
    });
    const markup = html(createElement(SampleProgress, { variants: results.variants, population: results.analysis.population }));
    const control = text(markup.slice(markup.indexOf('variant-progress-control'), markup.indexOf('variant-progress-b')));
    const b = text(markup.slice(markup.indexOf('variant-progress-b')));
    expect(control).toContain('120 / 100 units');
    expect(control).toContain('360 executions');
    expect(control).toContain('target reached');
    expect(control).toContain('60.0% of units (expected 50.0%)');
    expect(b).toContain('80 / 100 units');
    expect(b).toContain('160 executions');
    expect(b).not.toContain('target reached');
    expect(markup).toContain('aria-valuenow="80"');
  });

  it('badges a sequential test peeking-safe with its tuning parameter, a frequentist one fixed horizon, a Bayesian one with its decision rule', () => {
    const sequential = html(createElement(MethodBadge, { info: methodInfoOf({ ...experiment, method: 'sequential', sequentialTuning: 5000 }) }));
    expect(text(sequential)).toContain('sequential · peeking-safe');
    expect(sequential).toContain('tuning parameter 5,000 units');
    // Before start the tuning parameter is what start will fix: 2 × the planned sample.
    expect(html(createElement(MethodBadge, { info: methodInfoOf({ ...experiment, method: 'sequential', status: 'draft' }) }))).toContain('tuning parameter 200 units');
    const fixed = html(createElement(MethodBadge, { info: methodInfoOf(experiment) }));
    expect(text(fixed)).toContain('fixed horizon');
    expect(fixed).not.toContain('peeking-safe');
    expect(fixed).toContain('not final');
    const bayesian = text(html(createElement(MethodBadge, { info: methodInfoOf({ ...experiment, method: 'bayesian' }) })));
    expect(bayesian).toContain('Bayesian · decides on chance > 95% (1−α) and expected loss < 0.25%');
  });

  it('says "not final" instead of "better" for a fixed-horizon test read before its planned sample', () => {
    // 10% vs 15% of 1,000 units each: z ≈ 3.4, significant at any reasonable alpha.
    const early = analyse({ ...experiment, minSampleSize: 5000 }, binaryAggregates(1000, 100, 150));
    expect(early.metrics[0]!.comparisons[0]!.better).toBe(true);
    expect(isProvisional(early)).toBe(true);
    const earlyTable = text(metricTable(early));
    expect(earlyTable).toContain('not final');
    expect(earlyTable).not.toMatch(/\bbetter\b(?! when)/);
    const summary = html(createElement(AnalysisSummary, { results: early }));
    expect(summary).toContain('data-testid="not-final"');
    expect(text(summary)).toContain(early.analysis.note);

    // The same data once the planned sample is reached, or under a peeking-safe test: a verdict.
    const reached = analyse(experiment, binaryAggregates(1000, 100, 150));
    expect(isProvisional(reached)).toBe(false);
    expect(text(metricTable(reached))).not.toContain('not final');
    expect(text(metricTable(reached))).toMatch(/\bbetter\b(?! when)/);
    expect(html(createElement(AnalysisSummary, { results: reached }))).not.toContain('data-testid="not-final"');
    const sequential = analyse({ ...experiment, method: 'sequential', minSampleSize: 5000 }, binaryAggregates(1000, 100, 150));
    expect(isProvisional(sequential)).toBe(false);
    expect(text(html(createElement(AnalysisSummary, { results: sequential })))).toContain('sequential · peeking-safe');
  });

  it('shows a ratio metric as the ratio, numerator / denominator executions and n units', () => {
    // 400 users per variant with 2 executions each. Control: 160 users clicked once, 40 twice
    // (240 clicks / 800 executions = 30%); b: 200 once, 60 twice (320 / 800 = 40%).
    const ratioSums = (variant: string, once: number, twice: number): MetricAggregate => ({
      ...conversions(variant, 'clicks', once + twice, 2),
      positives: once + 2 * twice,
      positivesSquares: once + 4 * twice,
      positivesExecutions: (once + 2 * twice) * 2,
    });
    const results = analyse(
      { ...experiment, primaryMetric: { name: 'clicks', type: 'binary', direction: 'increase', per: 'execution' } },
      { exposures: [exposure('control', 400, 2), exposure('b', 400, 2)], metrics: [ratioSums('control', 160, 40), ratioSums('b', 200, 60)] },
    );
    expect(results.metrics[0]!.summaries.control).toMatchObject({ type: 'ratio', n: 400, numerator: 240, denominator: 800, ratio: 0.3 });
    const markup = metricTable(results);
    const control = text(markup.slice(markup.indexOf('metric-row-clicks-control'), markup.indexOf('metric-row-clicks-b')));
    const b = text(markup.slice(markup.indexOf('metric-row-clicks-b')));
    expect(control).toContain('30.00%');
    expect(control).toContain('240 / 800 executions');
    expect(control).toContain('n 400 units');
    expect(b).toContain('40.00%');
    expect(b).toContain('320 / 800 executions');
    // (40% − 30%) / 30%.
    expect(b).toContain('+33.3%');
    expect(text(markup)).toContain('Ratio');
  });

  it('shows executions without a unitId apart, with their own tables and the note that they are never pooled', () => {
    const results = analyse(experiment, {
      exposures: [...binaryAggregates(1000, 100, 150).exposures, exposure('control', 50, 1, { population: 'requests' }), exposure('b', 40, 1, { population: 'requests' })],
      metrics: [
        ...binaryAggregates(1000, 100, 150).metrics,
        conversions('control', 'conversion', 5, 1, { population: 'requests' }),
        conversions('b', 'conversion', 4, 1, { population: 'requests' }),
      ],
    });
    // The decision counts units only.
    expect(results.variants.map((v) => v.units)).toEqual([1000, 1000]);
    expect(results.apart).not.toBeNull();
    const markup = html(createElement(ApartResults, { apart: results.apart!, experiment: results.experiment }));
    const read = text(markup);
    expect(read).toContain('Executions without a unitId');
    expect(read).toContain(results.apart!.note);
    expect(results.apart!.note).toMatch(/randomised per request.*never pooled.*decision/);
    expect(read).toContain('control 50 requests');
    expect(markup).toContain('data-testid="apart-metric-table-conversion"');
    expect(markup).not.toContain('data-testid="metric-table-conversion"');
    // 5 of 50 requests converted.
    expect(text(markup.slice(markup.indexOf('apart-metric-row-conversion-control')))).toContain('5 / 50 requests');
  });

  it('breaks the primary metric down by an attribute: units, estimate, effect with CI and adjusted p per segment, under the multiple-testing note', () => {
    const where = (segment: string | null) => ({ segment });
    const aggregates: ExperimentAggregates = {
      exposures: [
        exposure('control', 600, 1, where('DE')),
        exposure('b', 610, 1, where('DE')),
        exposure('control', 400, 1, where('FR')),
        exposure('b', 390, 1, where('FR')),
        exposure('control', 30, 1, where(null)),
        exposure('b', 20, 1, where(null)),
      ],
      metrics: [
        conversions('control', 'conversion', 60, 1, where('DE')),
        conversions('b', 'conversion', 122, 1, where('DE')),
        conversions('control', 'conversion', 40, 1, where('FR')),
        conversions('b', 'conversion', 50, 1, where('FR')),
        conversions('control', 'conversion', 3, 1, where(null)),
        conversions('b', 'conversion', 2, 1, where(null)),
      ],
    };
    const breakdown = analyseSegments(experiment, 'units', aggregates, 'country');
    const markup = html(createElement(SegmentBreakdown, { experiment, attributes: ['country', 'plan'], current: 'country', error: null, breakdown }));
    const read = text(markup);
    // The caution comes before the tables.
    expect(markup.indexOf('data-testid="segment-note"')).toBeLessThan(markup.indexOf('data-testid="segment-DE"'));
    expect(read).toContain(breakdown.note);
    const de = text(markup.slice(markup.indexOf('segment-row-DE-b'), markup.indexOf('data-testid="segment-FR"')));
    // b in DE: 610 units, 122 / 610 = 20.00%, (20% − 10%) / 10% = +100.0%.
    expect(de).toContain('610');
    expect(de).toContain('20.00%');
    expect(de).toContain('+100.0%');
    expect(de).toMatch(/\[\+\d+\.\d%, \+\d+\.\d%\]/);
    expect(de).toContain('< 0.001');
    // 600 and 610 units reach the planned 100, so the verdict is final.
    expect(de).toContain('better');
    // FR shows the p-value adjusted for all 3 comparisons, not the raw one: by Holm, the second
    // smallest of 3 p-values (DE's is far smaller, the unset segment's is 1: 10% both) is doubled.
    const fr = breakdown.segments.find((s) => s.value === 'FR')!.metric.comparisons[0]!;
    expect(fr.pValue!).toBeGreaterThan(0.01);
    expect(fr.adjustedPValue!).toBeCloseTo(2 * fr.pValue!, 12);
    const frRow = text(markup.slice(markup.indexOf('segment-row-FR-b'), markup.indexOf('data-testid="segment-not-set"')));
    expect(frRow).toContain(fr.adjustedPValue!.toFixed(3));
    expect(frRow).toContain('not significant');
    // Units without the attribute are a segment of their own.
    expect(markup).toContain('data-testid="segment-not-set"');
    expect(text(markup.slice(markup.indexOf('data-testid="segment-not-set"')))).toContain('(not set)');
    // The attributes seen are offered as links that reload the page with ?segment=.
    expect(markup).toContain('href="/experiments/tone?segment=plan#segments"');
  });

  it('refuses an invalid segment with an inline error instead of a crash', () => {
    expect(segmentParam('country')).toEqual({ asked: 'country', segment: 'country', error: null });
    expect(segmentParam(undefined)).toEqual({ asked: undefined, segment: undefined, error: null });
    expect(segmentParam(['plan', 'country']).segment).toBe('plan');
    const bad = segmentParam('country; drop table');
    expect(bad.segment).toBeUndefined();
    expect(bad.error).toMatch(/attribute name/);
    const markup = html(createElement(SegmentBreakdown, { experiment, attributes: [], current: bad.asked, error: bad.error, breakdown: null }));
    expect(markup).toContain('data-testid="segment-error"');
    expect(text(markup)).toContain('Can’t break down by “country; drop table”');
    expect(markup).not.toContain('data-testid="segment-results"');
  });
});
