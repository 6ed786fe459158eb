import { describe, expect, it } from 'vitest';
import { outcomesOf, planVisits, plausibleVariables, seededRandom, unionOfVariables, type Visit } from '@/lib/experiments/simulation';
import { runTraffic, type MetricItem, type TrafficTransport } from '@/lib/experiments/traffic';

describe('simulated visits', () => {
  it('repeats exactly with the same seed, and differs with another', () => {
    expect(planVisits({ units: 50, seed: 4 })).toEqual(planVisits({ units: 50, seed: 4 }));
    expect(planVisits({ units: 50, seed: 5 }).map((v) => v.uniform)).not.toEqual(planVisits({ units: 50, seed: 4 }).map((v) => v.uniform));
  });

  it('has the asked number of users, a fifth of the visits returning, each after the first visit of its user', () => {
    const visits = planVisits({ units: 1_000, seed: 1 });
    expect(new Set(visits.map((v) => v.unitId)).size).toBe(1_000);
    expect(visits).toHaveLength(1_250);
    expect(visits.filter((v) => v.repeat)).toHaveLength(250);
    const seen = new Set<string>();
    for (const v of visits) {
      expect(seen.has(v.unitId)).toBe(v.repeat);
      seen.add(v.unitId);
    }
  });

  it('converts at the variant’s rate and spreads the continuous metric around its mean', () => {
    const visits = planVisits({ units: 20_000, repeatShare: 0, seed: 9 });
    const model = { binary: { metric: 'conversion', rates: { control: 0.1, b: 0.3 } }, continuous: { metric: 'latency_ms', means: { control: 800, b: 700 } } };
    const mean = (variant: string, name: string) => {
      const values = visits.flatMap((v) => outcomesOf(model, variant, v).filter((o) => o.name === name).map((o) => o.value));
      return values.reduce((s, x) => s + x, 0) / values.length;
    };
    expect(mean('control', 'conversion')).toBeCloseTo(0.1, 1);
    expect(mean('b', 'conversion')).toBeCloseTo(0.3, 1);
    expect(Math.abs(mean('control', 'latency_ms') - 800)).toBeLessThan(10);
    expect(Math.abs(mean('b', 'latency_ms') - 700)).toBeLessThan(10);
    expect(outcomesOf(model, 'unknown', visits[0]!)).toEqual([]);
  });

  it('sends every required variable in its declared type, and a required one wins over an optional one of the same name', () => {
    const specs = unionOfVariables([
      [
        { name: 'ticket', required: true, type: 'string' },
        { name: 'orders', required: false, type: 'json' },
      ],
      [
        { name: 'orders', required: true, type: 'json' },
        { name: 'count', required: true, type: 'number' },
      ],
    ]);
    const random = seededRandom(2);
    for (let i = 0; i < 20; i++) {
      const values = plausibleVariables(specs, random);
      expect(typeof values.ticket).toBe('string');
      expect(Array.isArray(values.orders)).toBe(true);
      expect(typeof values.count).toBe('number');
    }
  });
});

/** A transport over a fake server: assignment by a function of the unit and the visit. */
function fakeTransport(assign: (visit: Visit) => string | null, fail: (visit: Visit) => boolean = () => false) {
  const metricCalls: MetricItem[][] = [];
  const transport: TrafficTransport = {
    resolve: async (visit) => {
      await new Promise((r) => setTimeout(r, 0));
      if (fail(visit)) throw new Error(`POST resolve → 500 for ${visit.unitId}`);
      return { executionId: `exec-${visit.index}`, variant: assign(visit) };
    },
    recordMetrics: async (items) => {
      metricCalls.push(items);
    },
  };
  return { transport, metricCalls };
}

const model = { binary: { metric: 'conversion', rates: { control: 0.1, b: 0.2 } } };
const byUnit = (v: Visit): string => (Number(v.unitId.split('-').at(-1)) % 2 === 0 ? 'control' : 'b');

describe('running simulated traffic', () => {
  it('reports every outcome in batches of at most 1,000, and counts executions and users per variant', async () => {
    const visits = planVisits({ units: 2_000, seed: 3 });
    const { transport, metricCalls } = fakeTransport(byUnit);
    const report = await runTraffic(transport, { visits, model, concurrency: 16 });
    expect(report).toMatchObject({ resolves: 2_500, errors: 0, violations: [], repeats: 500, metricItems: 2_500 });
    expect(metricCalls.map((c) => c.length)).toEqual([1_000, 1_000, 500]);
    expect(report.variants.control!.units + report.variants.b!.units).toBe(2_000);
    expect(report.variants.control!.executions + report.variants.b!.executions).toBe(2_500);
  });

  it('reports a returning user who is served another variant', async () => {
    const visits = planVisits({ units: 100, seed: 3 });
    const { transport } = fakeTransport((v) => (v.repeat && v.index % 2 === 0 ? 'other' : byUnit(v)));
    const report = await runTraffic(transport, { visits, model });
    const expected = visits.filter((v) => v.repeat && v.index % 2 === 0).length;
    expect(expected).toBeGreaterThan(0);
    expect(report.violations).toHaveLength(expected);
    expect(report.violations[0]).toMatchObject({ then: 'other' });
  });

  it('counts failed requests, keeps the first messages and carries on with the rest', async () => {
    const visits = planVisits({ units: 100, seed: 3 });
    const { transport } = fakeTransport(byUnit, (v) => v.index % 10 === 0);
    const progress: number[] = [];
    const report = await runTraffic(transport, { visits, model, onProgress: (p) => progress.push(p.done) });
    expect(report.errors).toBe(13);
    expect(report.resolves).toBe(112);
    expect(report.firstErrors).toHaveLength(5);
    expect(report.firstErrors[0]).toMatch(/→ 500/);
    expect(progress.at(-1)).toBe(125);
    expect(progress.length).toBeGreaterThanOrEqual(10);
  });
});
