import { beforeAll, describe, expect, it } from 'vitest';
import { recordMetrics, type MetricItem } from '@/lib/executions/outcomes';
import { resolvePrompt } from '@/lib/executions/resolve';
import { resolveInput } from '@/lib/executions/schemas';
import { chooseVariant, getBucketRanges, hash } from '@/lib/experiments/assignment';
import { experimentResultsView } from '@/lib/experiments/views-schema';
import { betaBinomialChanceToBeat, chanceToBeatControl, holm, srmTest, twoProportionTest, welchTTest } from '@/lib/stats';
import { callApi, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';

// GET /experiments/{key}/results must report what lib/stats says about counts computed here,
// in plain JavaScript, from the very values this test generated and reported. Every customer
// here calls once, so a unit is an execution; repeat callers: results-units.test.ts.

withTestDatabase();
const keys = withApiKeys();

/** mulberry32: a small seeded generator, so every run reports the same values. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Equal to 1e-9 relative, null to null, element by element for intervals. */
function expectClose(actual: unknown, expected: number | null | readonly number[], what: string) {
  if (expected === null) return expect(actual, what).toBeNull();
  if (Array.isArray(expected)) return expected.forEach((e, i) => expectClose((actual as number[])[i], e, `${what}[${i}]`));
  const e = expected as number;
  expect(typeof actual, what).toBe('number');
  expect(Math.abs((actual as number) - e), `${what}: ${actual} vs ${e}`).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(e), 1e-300));
}

const resolveUnit = async (prompt: string, unitId: string) => {
  const r = await resolvePrompt(prompt, resolveInput.parse({ unitId, variables: { name: 'x' } }));
  return { executionId: r.executionId, variant: r.experiment!.variant };
};

/** Resolves units in parallel batches, the way traffic arrives. */
async function resolveUnits(prompt: string, units: string[]) {
  const out: { executionId: string; variant: string }[] = [];
  for (let i = 0; i < units.length; i += 200) out.push(...(await Promise.all(units.slice(i, i + 200).map((u) => resolveUnit(prompt, u)))));
  return out;
}

async function report(items: MetricItem[]) {
  for (let i = 0; i < items.length; i += 1000) await recordMetrics(items.slice(i, i + 1000));
}

type Tally = { n: number; conversions: number; latencies: number[] };

describe('results with three variants, a binary primary metric and a continuous guardrail', () => {
  const variants = ['control', 'b', 'c'];
  const weights = [2, 1, 1];
  const rates: Record<string, number> = { control: 0.1, b: 0.2, c: 0.11 };
  const tally: Record<string, Tally> = {};
  let results: ReturnType<typeof experimentResultsView.parse>;

  beforeAll(async () => {
    await givenPrompt('offer', { versions: 3, labels: ['production'] });
    await givenExperiment(
      'offer-test',
      'offer',
      {
        variants: variants.map((key, i) => ({ key, version: i + 1, weight: weights[i], control: i === 0 })),
        primaryMetric: { name: 'conversion', type: 'binary', direction: 'increase' },
        guardrailMetrics: [{ name: 'latency', type: 'continuous', direction: 'decrease', tolerance: 0.1 }],
        minSampleSize: 300,
        // Fixed horizon, so that the numbers are those of the classical tests below (sequential
        // is the default: tests/integration/results-units.test.ts checks it).
        method: 'frequentist',
      },
      { start: true },
    );
    const next = random(42);
    const executions = await resolveUnits('offer', Array.from({ length: 1600 }, (_, i) => `customer-${i}`));
    const items: MetricItem[] = [];
    for (const v of variants) tally[v] = { n: 0, conversions: 0, latencies: [] };
    for (const { executionId, variant } of executions) {
      const t = tally[variant]!;
      t.n++;
      const converted = next() < rates[variant]!;
      if (converted) t.conversions++;
      // Converting executions report 1; a third of the others report 0, the rest never report.
      if (converted) items.push({ executionId, name: 'conversion', value: 1 });
      else if (next() < 1 / 3) items.push({ executionId, name: 'conversion', value: 0 });
      // Latency comes from 70% of executions only.
      if (next() < 0.7) {
        const latency = 400 + (variant === 'b' ? 5 : 0) + 200 * (next() + next() + next() - 1.5);
        t.latencies.push(latency);
        items.push({ executionId, name: 'latency', value: latency });
      }
    }
    await report(items);
    const res = await callApi('experimentResults', { key: keys.viewer, params: { key: 'offer-test' } });
    expect(res.status).toBe(200);
    results = experimentResultsView.parse(res.body);
  });

  const conversions = (v: string) => ({ n: tally[v]!.n, conversions: tally[v]!.conversions });
  function means(v: string) {
    const xs = tally[v]!.latencies;
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    return { n: xs.length, mean, variance: xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1) };
  }

  it('counts units per variant and checks them against the weights', () => {
    expect(results.analysis.population).toBe('units');
    expect(results.apart).toBeNull();
    expect(results.variants.map((v) => [v.key, v.units, v.executions, v.weight, v.control])).toEqual(variants.map((v, i) => [v, tally[v]!.n, tally[v]!.n, weights[i], i === 0]));
    expect(results.variants.every((v) => v.target === 300 && v.reached)).toBe(true);
    const srm = srmTest(variants.map((v) => tally[v]!.n), weights);
    expectClose(results.srm.chiSquare, srm.chiSquare, 'chi-square');
    expectClose(results.srm.pValue, srm.pValue, 'SRM p');
    expect(results.srm.mismatch).toBe(false);
  });

  it('counts a unit without a conversion value as not converted', () => {
    const primary = results.metrics.find((m) => m.role === 'primary')!;
    for (const v of variants) {
      expect(primary.summaries[v]).toEqual({ type: 'binary', n: tally[v]!.n, conversions: tally[v]!.conversions, rate: tally[v]!.conversions / tally[v]!.n });
    }
  });

  it('compares each treatment with the control as twoProportionTest does, Holm-adjusted', () => {
    const primary = results.metrics.find((m) => m.role === 'primary')!;
    const tests = ['b', 'c'].map((v) => twoProportionTest(conversions('control'), conversions(v), { alpha: 0.05 }));
    const adjusted = holm(tests.map((t) => t.pValue!));
    expect(adjusted[0]).not.toBe(tests[0]!.pValue);
    ['b', 'c'].forEach((v, i) => {
      const c = primary.comparisons.find((x) => x.variant === v)!;
      const t = tests[i]!;
      expectClose(c.diff, t.diff, `${v} diff`);
      expectClose(c.ci, t.ci, `${v} ci`);
      expectClose(c.relativeDiff, t.relativeDiff, `${v} relative diff`);
      expectClose(c.relativeCi, t.relativeCi, `${v} relative ci`);
      expectClose(c.pValue, t.pValue, `${v} p`);
      expectClose(c.adjustedPValue, adjusted[i]!, `${v} adjusted p`);
      expectClose(c.chanceToBeatControl, betaBinomialChanceToBeat(conversions('control'), conversions(v)).chanceToBeatControl, `${v} chance to beat`);
      expect(c.significant).toBe(adjusted[i]! < 0.05);
    });
    expect(primary.comparisons.find((x) => x.variant === 'b')!.better).toBe(true);
  });

  it('summarises the continuous guardrail from the units that reported it, and tests it with Welch', () => {
    const latency = results.metrics.find((m) => m.role === 'guardrail')!;
    expect(latency.metric).toMatchObject({ name: 'latency', type: 'continuous', direction: 'decrease', tolerance: 0.1 });
    for (const v of variants) {
      const s = latency.summaries[v]!;
      const m = means(v);
      expect(s.type === 'continuous' && s.n).toBe(m.n);
      expect(m.n).toBeLessThan(tally[v]!.n);
      if (s.type !== 'continuous') throw new Error('continuous expected');
      expectClose(s.mean, m.mean, `${v} mean`);
      expectClose(s.variance, m.variance, `${v} variance`);
    }
    const tests = ['b', 'c'].map((v) => welchTTest(means('control'), means(v), { alpha: 0.05 }));
    const adjusted = holm(tests.map((t) => t.pValue!));
    ['b', 'c'].forEach((v, i) => {
      const c = latency.comparisons.find((x) => x.variant === v)!;
      expectClose(c.diff, tests[i]!.diff, `${v} diff`);
      expectClose(c.ci, tests[i]!.ci, `${v} ci`);
      expectClose(c.relativeCi, tests[i]!.relativeCi, `${v} relative ci`);
      expectClose(c.pValue, tests[i]!.pValue, `${v} p`);
      expectClose(c.adjustedPValue, adjusted[i]!, `${v} adjusted p`);
      // Latency should go down: the chance to beat the control is the chance of being lower.
      expectClose(c.chanceToBeatControl, 1 - chanceToBeatControl(means('control'), means(v)).chanceToBeatControl!, `${v} chance to beat`);
    });
    expect(latency.withinTolerance).toEqual({ b: true, c: true });
  });

  it('recommends shipping b in words, with its effect, interval and p-value', () => {
    const b = twoProportionTest(conversions('control'), conversions('b'));
    const adjusted = holm(['b', 'c'].map((v) => twoProportionTest(conversions('control'), conversions(v)).pValue!))[0]!;
    const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
    expect(results.sampleSizeReached).toBe(true);
    expect(results.recommendation.verdict).toBe('ship');
    expect(results.recommendation.winner).toBe('b');
    expect(results.recommendation.text).toContain(`b beats control on conversion by ${pct(b.relativeDiff!)} [${pct(b.relativeCi![0])}, ${pct(b.relativeCi![1])}]`);
    expect(results.recommendation.text).toContain(adjusted < 0.001 ? 'p < 0.001' : `p = ${adjusted.toFixed(3)}`);
    expect(results.recommendation.text).toContain('guardrail latency within tolerance');
    expect(results.recommendation.text).toMatch(/ready to ship b\.$/);
  });
});

describe('a primary metric that should decrease', () => {
  it('recommends the treatment that lowers it most', async () => {
    await givenPrompt('speed', { versions: 3, labels: ['production'] });
    await givenExperiment(
      'speed-test',
      'speed',
      {
        variants: [{ key: 'control', version: 1, control: true }, { key: 'b', version: 2 }, { key: 'c', version: 3 }],
        primaryMetric: { name: 'latency', type: 'continuous', direction: 'decrease' },
        minSampleSize: 20,
      },
      { start: true },
    );
    const next = random(7);
    const centre: Record<string, number> = { control: 500, b: 450, c: 300 };
    const sent = await resolveUnits('speed', Array.from({ length: 300 }, (_, i) => `caller-${i}`));
    await report(sent.map((s) => ({ executionId: s.executionId, name: 'latency', value: centre[s.variant]! + 40 * (next() - 0.5) })));
    const results = experimentResultsView.parse((await callApi('experimentResults', { key: keys.viewer, params: { key: 'speed-test' } })).body);
    expect(results.metrics[0]!.comparisons.map((c) => [c.variant, c.better])).toEqual([
      ['b', true],
      ['c', true],
    ]);
    expect(results.recommendation).toMatchObject({ verdict: 'ship', winner: 'c' });
    expect(results.recommendation.text).toMatch(/^c beats control on latency by -40\.\d%/);
  });
});

describe('sample-ratio mismatch', () => {
  it('flags counts skewed against the weights and says to check the setup first', async () => {
    await givenPrompt('skewed', { versions: 2, labels: ['production'] });
    await givenExperiment('skewed-test', 'skewed', { minSampleSize: 10 }, { start: true });
    // Weights say 1:1; the test sends 300 units that hash to control and 200 that hash to b,
    // as a client that loses some of b's traffic would.
    const ranges = getBucketRanges(2, 1, [0.5, 0.5]);
    const pick = (index: number, howMany: number) =>
      Array.from({ length: 5000 }, (_, i) => `visitor-${i}`)
        .filter((u) => chooseVariant(hash('skewed-test', u), ranges) === index)
        .slice(0, howMany);
    const sent = await resolveUnits('skewed', [...pick(0, 300), ...pick(1, 200)]);
    expect(sent.filter((s) => s.variant === 'control')).toHaveLength(300);
    await report(sent.map((s, i) => ({ executionId: s.executionId, name: 'conversion', value: i % 4 === 0 ? 1 : 0 })));

    const results = (await callApi('experimentResults', { key: keys.viewer, params: { key: 'skewed-test' } })).body;
    const srm = srmTest([300, 200], [1, 1]);
    expect(srm.pValue).toBeLessThan(0.001);
    expectClose(results.srm.pValue, srm.pValue, 'SRM p');
    expect(results.srm.mismatch).toBe(true);
    expect(results.recommendation.verdict).toBe('check_setup');
    expect(results.recommendation.text).toMatch(/Sample ratio mismatch/);
  });
});

describe('before the sample size is reached', () => {
  it('says to keep running, and reports undefined tests as null with a reason', async () => {
    await givenPrompt('early', { versions: 2, labels: ['production'] });
    await givenExperiment('early-test', 'early', { guardrailMetrics: [{ name: 'latency', type: 'continuous', direction: 'decrease' }] }, { start: true });
    const sent = await resolveUnits('early', ['a', 'b', 'c', 'd', 'e', 'f']);
    await report([{ executionId: sent[0]!.executionId, name: 'latency', value: 300 }]);
    const res = await callApi('experimentResults', { key: keys.viewer, params: { key: 'early-test' } });
    const results = experimentResultsView.parse(res.body);
    expect(results.sampleSizeReached).toBe(false);
    expect(results.recommendation.verdict).toBe('keep_running');
    const latency = results.metrics[1]!.comparisons[0]!;
    expect(latency).toMatchObject({ pValue: null, significant: false });
    expect(latency.reason).toBeTruthy();
  });

  it('answers 404 for an unknown experiment', async () => {
    expect((await callApi('experimentResults', { key: keys.viewer, params: { key: 'nope' } })).status).toBe(404);
  });
});
