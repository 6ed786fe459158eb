import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { insertExecutions } from '@/db/queries/executions';
import { recordMetrics, type MetricItem } from '@/lib/executions/outcomes';
import { chooseVariant, getBucketRanges, hash, normaliseWeights } from '@/lib/experiments/assignment';
import { experimentRecord, findExperimentOrThrow, transitionExperiment } from '@/lib/experiments/experiments';
import { BAYESIAN_LOSS_THRESHOLD } from '@/lib/experiments/decision';
import { experimentResultsView } from '@/lib/experiments/views-schema';
import { newId } from '@/lib/ids';
import { sequentialProportionsTest } from '@/lib/stats';
import { admin } from '../support/actors';
import { callApi, expectError, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';

// The unit of analysis is the randomised unit, never the execution (issue 9). Every expected
// number below is computed here, by hand, from the per-unit data this file sends; the results
// come from the API over the real database.

withTestDatabase();
const keys = withApiKeys();

type Results = ReturnType<typeof experimentResultsView.parse>;

/** Equal to 1e-9 relative (SQL and this file add in different orders), element-wise for intervals. */
function expectClose(actual: unknown, expected: number | readonly number[], what: string) {
  if (Array.isArray(expected)) return expected.forEach((e, i) => expectClose((actual as number[])[i], e, `${what}[${i}]`));
  const e = expected as number;
  expect(typeof actual, `${what}: ${actual}`).toBe('number');
  expect(Math.abs((actual as number) - e), `${what}: ${actual} vs ${e}`).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(e), 1e-12));
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
/** Sample variance, two passes. */
const variance = (xs: number[]) => {
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
};
const covariance = (xs: number[], ys: number[]) => {
  const mx = mean(xs);
  const my = mean(ys);
  return xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0) / (xs.length - 1);
};
/** Σ X / Σ Y over units and its delta-method variance per unit, n·Var(R̂) (Deng et al. 2018). */
function deltaRatio(xs: number[], ys: number[]) {
  const r = xs.reduce((s, x) => s + x, 0) / ys.reduce((s, y) => s + y, 0);
  const perUnit = (variance(xs) - 2 * r * covariance(xs, ys) + r * r * variance(ys)) / mean(ys) ** 2;
  return { n: xs.length, ratio: r, variance: perUnit, standardError: Math.sqrt(perUnit / xs.length) };
}
/** Holm's step-down adjustment. */
function holm(ps: number[]) {
  const order = ps.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const out = Array<number>(ps.length);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (ps.length - rank) * p));
    out[i] = running;
  });
  return out;
}

/** `count` unit ids that the experiment's hash puts in variant `index` (salt = key, coverage 1). */
function unitsIn(key: string, index: number, count: number, prefix: string, weights = [1, 1]) {
  const ranges = getBucketRanges(weights.length, 1, normaliseWeights(weights));
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) if (chooseVariant(hash(key, `${prefix}-${i}`), ranges) === index) out.push(`${prefix}-${i}`);
  return out;
}

async function resolve(prompt: string, unitId?: string, attributes?: Record<string, unknown>) {
  const res = await callApi('resolvePrompt', { key: keys.service, params: { name: prompt }, body: { unitId, attributes, variables: { name: 'x' } } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { executionId: res.body.executionId as string, variant: res.body.experiment.variant as string };
}

async function report(items: MetricItem[]) {
  for (let i = 0; i < items.length; i += 1000) {
    const res = await callApi('recordMetrics', { key: keys.service, body: { items: items.slice(i, i + 1000) } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
}

async function resultsOf(key: string, query?: Record<string, string>): Promise<Results> {
  const res = await callApi('experimentResults', { key: keys.viewer, params: { key }, query });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return experimentResultsView.parse(res.body);
}

/**
 * Executions written straight into the table, as the serving path writes them, for data sets too
 * large to resolve one by one; their metrics go through the real metrics service.
 */
async function insertUnits(key: string, units: { variant: string; unitId: string | null; calls: Record<string, number>[] }[]) {
  const row = await findExperimentOrThrow(getDb(), key);
  const { view } = await experimentRecord(key);
  const version = Object.fromEntries(view.variants.map((v) => [v.key, v.version]));
  const executions = [];
  const items: MetricItem[] = [];
  for (const u of units) {
    for (const metrics of u.calls) {
      const id = newId();
      executions.push({ id, promptId: row.promptId, promptName: row.promptName, version: version[u.variant]!, label: null, variables: {}, experimentId: row.id, variant: u.variant, unitId: u.unitId });
      for (const [name, value] of Object.entries(metrics)) items.push({ executionId: id, name, value });
    }
  }
  for (let i = 0; i < executions.length; i += 1000) await insertExecutions(getDb(), executions.slice(i, i + 1000));
  for (let i = 0; i < items.length; i += 1000) await recordMetrics(items.slice(i, i + 1000));
}

type Call = Partial<Record<'conversion' | 'rating' | 'spend' | 'clicked' | 'latency', number>>;
type PlannedUnit = { id: string; variant: 'control' | 'b'; calls: Call[] };

describe('a unit that calls many times is one observation', () => {
  const KEY = 'units-test';
  const units: PlannedUnit[] = [];
  let before: Results;

  // 20 units a variant. Control units call once; b's call three times (b0 five times), so by
  // executions b would have 62 to control's 20, a sample-ratio mismatch (χ² ≈ 21.5) and past the
  // minimum sample of 25, neither of which is true of the units.
  function plan() {
    unitsIn(KEY, 0, 20, 'c').forEach((id, i) => {
      const call: Call = { clicked: i % 3 === 0 ? 1 : 0, latency: 200 + 10 * i };
      if (i < 4) call.conversion = 1;
      else if (i < 10) call.conversion = 0;
      if (i % 4 !== 3) call.rating = 2 + (i % 5);
      if (i % 2 === 0) call.spend = 10 + i;
      units.push({ id, variant: 'control', calls: [call] });
    });
    unitsIn(KEY, 1, 20, 'b').forEach((id, i) => {
      const calls: Call[] = Array.from({ length: i === 0 ? 5 : 3 }, (_, k) => {
        const call: Call = { clicked: (i + k) % 2 };
        // b0 converts on one call of five; b1 on all three; b2 on its second; the others report 0 once.
        if (i === 0) call.conversion = k === 2 ? 1 : 0;
        else if (i === 1) call.conversion = 1;
        else if (i === 2) call.conversion = k === 1 ? 1 : 0;
        else if (k === 0) call.conversion = 0;
        if (i % 5 !== 4 && (i + k) % 3 !== 0) call.rating = 1 + ((i + 2 * k) % 5);
        if (k === 0 && i % 2 === 1) call.spend = 5 + i;
        if (k === 1 && i % 4 === 0) call.spend = 3;
        if (i % 6 !== 5) call.latency = 180 + 5 * i + 7 * k;
        return call;
      });
      units.push({ id, variant: 'b', calls });
    });
  }

  beforeAll(async () => {
    await givenPrompt('units', { versions: 2, labels: ['production'] });
    await givenExperiment(
      KEY,
      'units',
      {
        primaryMetric: { name: 'conversion', type: 'binary', direction: 'increase' },
        guardrailMetrics: [
          { name: 'rating', type: 'continuous', direction: 'increase', tolerance: 0.5 },
          { name: 'spend', type: 'continuous', direction: 'increase', aggregate: 'sum', tolerance: 0.5 },
          { name: 'clicked', type: 'binary', direction: 'increase', per: 'execution', tolerance: 0.5 },
          { name: 'latency', type: 'continuous', direction: 'decrease', per: 'execution', tolerance: 0.5 },
        ],
        minSampleSize: 25,
      },
      { start: true },
    );
    plan();
    const items: MetricItem[] = [];
    for (const u of units) {
      for (const call of u.calls) {
        const served = await resolve('units', u.id);
        expect(served.variant).toBe(u.variant);
        for (const [name, value] of Object.entries(call)) items.push({ executionId: served.executionId, name, value });
      }
    }
    await report(items);
    before = await resultsOf(KEY);
  });

  const inVariant = (v: string) => units.filter((u) => u.variant === v);
  const valuesOf = (u: PlannedUnit, metric: keyof Call) => u.calls.map((c) => c[metric]).filter((x): x is number => x !== undefined);
  const metric = (r: Results, name: string) => r.metrics.find((m) => m.metric.name === name)!;

  it('counts units, not executions: in the traffic, the sample-ratio check and the planned sample', () => {
    expect(before.analysis.population).toBe('units');
    expect(before.variants.map((v) => [v.key, v.units, v.executions, v.target, v.reached])).toEqual([
      ['control', 20, 20, 25, false],
      ['b', 20, 62, 25, false],
    ]);
    // 20 against 20 on equal weights: χ² = 0, p = 1.
    expect(before.srm).toMatchObject({ chiSquare: 0, mismatch: false });
    expectClose(before.srm.pValue, 1, 'SRM p');
    expect(before.sampleSizeReached).toBe(false);
    expect(before.recommendation.verdict).toBe('keep_running');
    expect(before.recommendation.text).toContain('25 units');
  });

  it('counts a unit as converted once, however many of its executions converted', () => {
    // Control: c0–c3 converted. b: b0 (1 call of 5), b1 (3 of 3), b2 (1 of 3): 3 units, 5 executions.
    expect(metric(before, 'conversion').summaries).toEqual({
      control: { type: 'binary', n: 20, conversions: 4, rate: 4 / 20 },
      b: { type: 'binary', n: 20, conversions: 3, rate: 3 / 20 },
    });
  });

  it("summarises a continuous metric per unit: the unit's mean over the units that reported it, or its sum over all units", () => {
    for (const v of ['control', 'b']) {
      const means = inVariant(v).filter((u) => valuesOf(u, 'rating').length > 0).map((u) => mean(valuesOf(u, 'rating')));
      const rating = metric(before, 'rating').summaries[v]!;
      if (rating.type !== 'continuous') throw new Error('continuous expected');
      expect(rating.n).toBe(means.length);
      expect(rating.n).toBe(v === 'control' ? 15 : 16);
      expectClose(rating.mean, mean(means), `${v} rating mean`);
      expectClose(rating.variance, variance(means), `${v} rating variance`);
      expectClose(rating.sum, means.reduce((s, x) => s + x, 0), `${v} rating sum of unit means`);

      const sums = inVariant(v).map((u) => valuesOf(u, 'spend').reduce((s, x) => s + x, 0));
      const spend = metric(before, 'spend').summaries[v]!;
      if (spend.type !== 'continuous') throw new Error('continuous expected');
      expect(spend.n).toBe(20);
      expect(sums.filter((s) => s === 0).length).toBeGreaterThan(0);
      expectClose(spend.mean, mean(sums), `${v} spend mean`);
      expectClose(spend.variance, variance(sums), `${v} spend variance`);
      expectClose(spend.sum, sums.reduce((s, x) => s + x, 0), `${v} spend sum`);
    }
  });

  // Per unit: clicked X = its clicking executions, Y = its executions; latency X = the sum of its
  // values, Y = the executions that sent one (a unit that sent none counts with 0 / 0).
  const ratios = (v: string) => {
    const us = inVariant(v);
    return {
      clicked: deltaRatio(us.map((u) => valuesOf(u, 'clicked').filter((x) => x > 0).length), us.map((u) => u.calls.length)),
      latency: deltaRatio(us.map((u) => valuesOf(u, 'latency').reduce((s, x) => s + x, 0)), us.map((u) => valuesOf(u, 'latency').length)),
    };
  };

  it('analyses a per-execution metric as a ratio over units, with its delta-method variance', () => {
    for (const v of ['control', 'b']) {
      const { clicked, latency } = ratios(v);
      for (const [name, expected] of [['clicked', clicked], ['latency', latency]] as const) {
        const s = metric(before, name).summaries[v]!;
        if (s.type !== 'ratio') throw new Error(`${name}: ratio expected, got ${s.type}`);
        expect(s.n).toBe(20);
        expectClose(s.ratio, expected.ratio, `${v} ${name} ratio`);
        expectClose(s.variance, expected.variance, `${v} ${name} per-unit variance`);
        expectClose(Math.sqrt(s.variance! / s.n), expected.standardError, `${v} ${name} standard error`);
      }
    }
    // b's clicks: 31 of 62 executions; its latency over the 48 executions of the 16 units that sent one.
    const b = metric(before, 'clicked').summaries.b!;
    expect(b.type === 'ratio' && [b.numerator, b.denominator]).toEqual([31, 62]);
    expectClose(metric(before, 'latency').comparisons[0]!.diff, ratios('b').latency.ratio - ratios('control').latency.ratio, 'latency ratio diff');
  });

  it('keeps executions without a unitId apart, as requests, and never lets them move the per-unit numbers', async () => {
    expect(before.apart).toBeNull();
    const anonymous: { executionId: string; variant: string }[] = [];
    for (let i = 0; i < 30; i++) anonymous.push(await resolve('units'));
    // Every request converts and rates 10: pooled with the units, they would change everything.
    await report(anonymous.flatMap((a) => [
      { executionId: a.executionId, name: 'conversion', value: 1 },
      { executionId: a.executionId, name: 'rating', value: 10 },
    ]));
    const after = await resultsOf(KEY);
    const { computedAt: _a, apart, ...main } = after;
    const { computedAt: _b, apart: none, ...was } = before;
    expect(none).toBeNull();
    expect(main).toEqual(was);

    expect(apart).not.toBeNull();
    expect(apart!.population).toBe('requests');
    expect(apart!.note).toMatch(/without a unitId/);
    const count = (v: string) => anonymous.filter((a) => a.variant === v).length;
    expect(apart!.variants.map((v) => [v.key, v.units, v.executions])).toEqual([
      ['control', count('control'), count('control')],
      ['b', count('b'), count('b')],
    ]);
    const conversion = apart!.metrics.find((m) => m.metric.name === 'conversion')!;
    expect(conversion.summaries.control).toEqual({ type: 'binary', n: count('control'), conversions: count('control'), rate: count('control') > 0 ? 1 : null });
    const rating = apart!.metrics.find((m) => m.metric.name === 'rating')!.summaries.b!;
    expect(rating.type === 'continuous' && [rating.n, rating.mean]).toEqual([count('b'), 10]);
  });
});

describe('an experiment whose executions all lack a unitId', () => {
  it('is analysed per request, with nothing apart', async () => {
    await givenPrompt('anonymous', { versions: 2, labels: ['production'] });
    await givenExperiment('anonymous-test', 'anonymous', { minSampleSize: 5 }, { start: true });
    const sent: { executionId: string; variant: string }[] = [];
    for (let i = 0; i < 24; i++) sent.push(await resolve('anonymous'));
    await report(sent.filter((_, i) => i % 3 === 0).map((s) => ({ executionId: s.executionId, name: 'conversion', value: 1 })));
    const results = await resultsOf('anonymous-test');
    expect(results.analysis.population).toBe('requests');
    expect(results.analysis.note).toMatch(/no execution carries a unitId/);
    expect(results.apart).toBeNull();
    for (const v of ['control', 'b']) {
      const mine = sent.map((s, i) => ({ ...s, converted: i % 3 === 0 })).filter((s) => s.variant === v);
      expect(results.variants.find((x) => x.key === v)).toMatchObject({ units: mine.length, executions: mine.length });
      const conversions = mine.filter((s) => s.converted).length;
      expect(results.metrics[0]!.summaries[v]).toEqual({ type: 'binary', n: mine.length, conversions, rate: mine.length > 0 ? conversions / mine.length : null });
    }
  });
});

describe('results broken down by a unit attribute', () => {
  const KEY = 'regions-test';
  // [country, units in control, of which converted, units in b, of which converted]; undefined: no country sent.
  const plan: [string | undefined, number, number, number, number][] = [
    ['de', 6, 1, 6, 5],
    ['fr', 5, 2, 4, 2],
    [undefined, 3, 0, 2, 1],
  ];
  let ids: Record<string, string[]>;

  beforeAll(async () => {
    await givenPrompt('regions', { versions: 2, labels: ['production'] });
    await givenExperiment(KEY, 'regions', { minSampleSize: 5 }, { start: true });
    ids = { control: unitsIn(KEY, 0, 15, 'rc'), b: unitsIn(KEY, 1, 13, 'rb') };
    const items: MetricItem[] = [];
    const next = { control: 0, b: 0 };
    for (const [country, nc, xc, nb, xb] of plan) {
      for (const [v, n, x] of [['control', nc, xc], ['b', nb, xb]] as const) {
        for (let i = 0; i < n; i++) {
          const unit = ids[v]![next[v]++]!;
          const attributes = country === undefined ? { plan: 'pro' } : { country, plan: 'pro' };
          // Each unit calls twice; a converting one converts on its second call only.
          for (let k = 0; k < 2; k++) {
            const served = await resolve('regions', unit, attributes);
            expect(served.variant).toBe(v);
            items.push({ executionId: served.executionId, name: 'conversion', value: k === 1 && i < x ? 1 : 0 });
          }
        }
      }
    }
    await report(items);
  });

  it('reports each segment with its own units and tests, Holm-adjusted across all of them, with the caution', async () => {
    const results = await resultsOf(KEY, { segment: 'country' });
    const plain = await resultsOf(KEY);
    expect(plain.segments).toBeNull();
    const { computedAt: _a, segments, ...main } = results;
    const { computedAt: _b, segments: _s, ...mainPlain } = plain;
    expect(main).toEqual(mainPlain);
    expect(results.variants.map((v) => [v.key, v.units, v.executions])).toEqual([['control', 14, 28], ['b', 12, 24]]);

    expect(segments!.attribute).toBe('country');
    expect(segments!.segments.map((s) => [s.value, s.variants.map((v) => [v.key, v.units])])).toEqual(
      plan.map(([country, nc, , nb]) => [country ?? null, [['control', nc], ['b', nb]]]),
    );
    for (const [i, [, nc, xc, nb, xb]] of plan.entries()) {
      expect(segments!.segments[i]!.metric.summaries).toEqual({
        control: { type: 'binary', n: nc, conversions: xc, rate: xc / nc },
        b: { type: 'binary', n: nb, conversions: xb, rate: xb / nb },
      });
    }
    const raw = segments!.segments.map((s) => s.metric.comparisons[0]!.pValue!);
    expect(raw.every((p) => typeof p === 'number')).toBe(true);
    const adjusted = holm(raw);
    segments!.segments.forEach((s, i) => expectClose(s.metric.comparisons[0]!.adjustedPValue, adjusted[i]!, `segment ${s.value} adjusted p`));
    expect(segments!.note).toMatch(/^3 segments of country, 3 comparisons/);
    expect(segments!.note).toMatch(/Holm-adjusted/);
    expect(segments!.note).toMatch(/not a decision/);
  });

  it('places a unit that changes country in exactly one segment', async () => {
    const wanderer = unitsIn(KEY, 0, 16, 'rc')[15]!;
    await resolve('regions', wanderer, { country: 'fr' });
    await resolve('regions', wanderer, { country: 'de' });
    const results = await resultsOf(KEY, { segment: 'country' });
    const units = (key: string) => results.segments!.segments.reduce((n, s) => n + s.variants.find((v) => v.key === key)!.units, 0);
    expect(units('control')).toBe(15);
    expect(results.variants.find((v) => v.key === 'control')!.units).toBe(15);
  });

  it('puts every unit in the null segment for an attribute nobody sent', async () => {
    const results = await resultsOf(KEY, { segment: 'age_band' });
    expect(results.segments!.segments.map((s) => [s.value, s.variants.map((v) => v.units)])).toEqual([[null, [15, 12]]]);
    expect(results.segments!.note).toMatch(/^1 segment of age_band, 1 comparison:/);
  });

  it('refuses a segment that is no attribute name with 400', async () => {
    for (const segment of ['bad name', "x'); drop table executions; --", '', 'a'.repeat(65)]) {
      const res = await callApi('experimentResults', { key: keys.viewer, params: { key: KEY }, query: { segment } });
      expect(expectError(res, 400, 'invalid').message.length).toBeGreaterThan(0);
    }
  });
});

describe('a metric whose control is negative', () => {
  it('keeps the sign of the difference in the relative effect, and flags a guardrail that degrades beyond tolerance', async () => {
    const KEY = 'margin-test';
    await givenPrompt('margins', { versions: 2, labels: ['production'] });
    await givenExperiment(
      KEY,
      'margins',
      {
        primaryMetric: { name: 'margin', type: 'continuous', direction: 'increase' },
        guardrailMetrics: [{ name: 'profit', type: 'continuous', direction: 'increase', tolerance: 0.1 }],
        minSampleSize: 20,
      },
      { start: true },
    );
    const values: Record<string, { margin: number[]; profit: number[] }> = { control: { margin: [], profit: [] }, b: { margin: [], profit: [] } };
    const items: MetricItem[] = [];
    for (const [index, v] of ['control', 'b'].entries()) {
      for (const [i, unit] of unitsIn(KEY, index, 20, `m${v}`).entries()) {
        const served = await resolve('margins', unit);
        // Margin rises from −10 to −5 (better); profit falls from −10 to −20 (worse).
        const margin = (v === 'b' ? -5 : -10) + ((i % 5) - 2) * 0.5;
        const profit = (v === 'b' ? -20 : -10) + ((i % 4) - 1.5) * 0.4;
        values[v]!.margin.push(margin);
        values[v]!.profit.push(profit);
        items.push({ executionId: served.executionId, name: 'margin', value: margin }, { executionId: served.executionId, name: 'profit', value: profit });
      }
    }
    await report(items);
    const results = await resultsOf(KEY);
    const [margin, profit] = results.metrics;

    const relative = (name: 'margin' | 'profit') => (mean(values.b![name]) - mean(values.control![name])) / Math.abs(mean(values.control![name]));
    const m = margin!.comparisons[0]!;
    expectClose(m.relativeDiff, relative('margin'), 'margin relative');
    expect(m.relativeDiff).toBeCloseTo(0.5, 10);
    expect(m).toMatchObject({ significant: true, better: true, worse: false });
    expect(m.relativeCi![0]).toBeGreaterThan(0);

    const p = profit!.comparisons[0]!;
    expectClose(p.relativeDiff, relative('profit'), 'profit relative');
    expect(p.relativeDiff).toBeCloseTo(-1, 10);
    expect(Math.sign(p.relativeDiff!)).toBe(Math.sign(p.diff!));
    expect(p).toMatchObject({ significant: true, better: false, worse: true });
    expect(profit!.withinTolerance).toEqual({ b: false });

    expect(results.recommendation).toMatchObject({ verdict: 'inconclusive', winner: null });
    expect(results.recommendation.text).toContain('b beats control on margin by +50.0%');
    expect(results.recommendation.text).toContain('guardrail profit degraded beyond tolerance');
  });
});

const binaryUnits = (variant: string, prefix: string, n: number, converted: number) =>
  Array.from({ length: n }, (_, i) => ({ variant, unitId: `${prefix}-${i}`, calls: [i < converted ? { conversion: 1 } : i % 2 === 0 ? { conversion: 0 } : ({} as Record<string, number>)] }));

describe('a Bayesian experiment', () => {
  it('is significant only for the one-sided decision to ship, never for a treatment that is worse', async () => {
    const KEY = 'bayes-test';
    await givenPrompt('bayes', { versions: 3, labels: ['production'] });
    await givenExperiment(
      KEY,
      'bayes',
      { variants: [{ key: 'control', version: 1, control: true }, { key: 'better', version: 2 }, { key: 'worse', version: 3 }], method: 'bayesian', minSampleSize: 100 },
      { start: true },
    );
    await insertUnits(KEY, [...binaryUnits('control', 'bc', 1000, 100), ...binaryUnits('better', 'bb', 1000, 160), ...binaryUnits('worse', 'bw', 1000, 40)]);
    const results = await resultsOf(KEY);
    expect(results.analysis).toMatchObject({ method: 'bayesian', peekingSafe: false, tuningParameter: null, lossThreshold: BAYESIAN_LOSS_THRESHOLD });
    const [better, worse] = results.metrics[0]!.comparisons;
    expect(better!.chanceToBeatControl).toBeGreaterThan(0.95);
    expect(better!.expectedLoss!.treatment / 0.1).toBeLessThan(BAYESIAN_LOSS_THRESHOLD);
    expect(better).toMatchObject({ variant: 'better', significant: true, better: true, worse: false });
    // Chance to beat control below α: a clear loser, but not a decision to act on.
    expect(worse!.chanceToBeatControl).toBeLessThan(0.05);
    expect(worse).toMatchObject({ variant: 'worse', significant: false, better: false, worse: true });
    expect(results.recommendation).toMatchObject({ verdict: 'ship', winner: 'better' });
    expect(results.recommendation.text).toMatch(/% chance to beat control/);
  });

  it('does not ship a likely winner whose expected loss is above the threshold', async () => {
    const KEY = 'bayes-risk-test';
    await givenPrompt('bayes-risk', { versions: 2, labels: ['production'] });
    await givenExperiment(KEY, 'bayes-risk', { method: 'bayesian', minSampleSize: 100 }, { start: true });
    await insertUnits(KEY, [...binaryUnits('control', 'rc', 500, 50), ...binaryUnits('b', 'rb', 500, 68)]);
    const results = await resultsOf(KEY);
    const [b] = results.metrics[0]!.comparisons;
    // The chance clears 1 − α, but shipping could still cost more than 0.25% of the control's 10%.
    expect(b!.chanceToBeatControl).toBeGreaterThan(0.95);
    expect(b!.expectedLoss!.treatment / 0.1).toBeGreaterThan(BAYESIAN_LOSS_THRESHOLD);
    expect(b).toMatchObject({ significant: false, better: false, worse: false });
    expect(results.recommendation).toMatchObject({ verdict: 'inconclusive', winner: null });
  });
});

describe('peeking', () => {
  it('a fixed-horizon test names no winner before the planned sample, however clear the effect; it ships after', async () => {
    const KEY = 'fixed-test';
    await givenPrompt('fixed', { versions: 2, labels: ['production'] });
    await givenExperiment(KEY, 'fixed', { method: 'frequentist', minSampleSize: 50 }, { start: true });
    await insertUnits(KEY, [...binaryUnits('control', 'fc', 30, 3), ...binaryUnits('b', 'fb', 30, 24)]);
    const early = await resultsOf(KEY);
    expect(early.analysis).toMatchObject({ method: 'frequentist', peekingSafe: false, tuningParameter: null });
    expect(early.analysis.note).toMatch(/fixed horizon/);
    expect(early.metrics[0]!.comparisons[0]!.pValue).toBeLessThan(0.001);
    expect(early.recommendation).toMatchObject({ verdict: 'keep_running', winner: null });
    expect(early.recommendation.text).toMatch(/fixed-horizon test: its p-value holds only at the planned 50 units per variant/);

    await insertUnits(KEY, [...binaryUnits('control', 'fc2', 20, 2), ...binaryUnits('b', 'fb2', 20, 16)]);
    const late = await resultsOf(KEY);
    expect(late.sampleSizeReached).toBe(true);
    expect(late.recommendation).toMatchObject({ verdict: 'ship', winner: 'b' });
  });

  it('a new experiment is sequential, tuned at start to twice the planned sample per variant', async () => {
    const KEY = 'sequential-test';
    await givenPrompt('sequential', { versions: 2, labels: ['production'] });
    const draft = await givenExperiment(KEY, 'sequential', { minSampleSize: 50 });
    expect(draft).toMatchObject({ method: 'sequential', sequentialTuning: null });
    // Before it starts, the results already use what start will fix.
    expect((await resultsOf(KEY)).analysis.tuningParameter).toBe(100);
    await transitionExperiment(admin, KEY, 'start');
    expect((await callApi('getExperiment', { key: keys.viewer, params: { key: KEY } })).body.sequentialTuning).toBe(100);

    await insertUnits(KEY, [...binaryUnits('control', 'sc', 30, 3), ...binaryUnits('b', 'sb', 30, 24)]);
    const results = await resultsOf(KEY);
    expect(results.experiment).toMatchObject({ method: 'sequential', sequentialTuning: 100 });
    expect(results.analysis).toMatchObject({ method: 'sequential', peekingSafe: true, tuningParameter: 100 });
    const comparison = results.metrics[0]!.comparisons[0]!;
    const tuned = sequentialProportionsTest({ n: 30, conversions: 3 }, { n: 30, conversions: 24 }, { alpha: 0.05, tuningParameter: 100 });
    expectClose(comparison.ci, tuned.ci!, 'ci with N = 100');
    expectClose(comparison.pValue, tuned.pValue!, 'p with N = 100');
    const untuned = sequentialProportionsTest({ n: 30, conversions: 3 }, { n: 30, conversions: 24 }, { alpha: 0.05 });
    expect(Math.abs(comparison.ci![0] - untuned.ci![0])).toBeGreaterThan(1e-3);
    // Always-valid: a clear leader may be named before the planned sample.
    expect(results.recommendation).toMatchObject({ verdict: 'keep_running', winner: 'b' });
  });
});
