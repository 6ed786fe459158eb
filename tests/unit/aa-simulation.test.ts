import { describe, expect, it } from 'vitest';
import {
  FULL_PLAN,
  chunksOf,
  consistentWith,
  formatChecks,
  passes,
  perExecutionFalsePositives,
  runChunk,
  simulateAa,
  streamAt,
  wilson,
  type AaPlan,
  type Check,
} from '@/lib/experiments/aa-simulation';
import { seededRandom } from '@/lib/experiments/simulation';

// `npm run sim:aa` runs thousands of A/A experiments; this runs a few hundred of each scenario
// with the same code, so that a change that breaks the per-unit analysis (or the simulation
// itself) shows here, not months later. The bands are about 3 standard errors wide: 400 runs
// estimate a 5% rate to ±1.1 points (800 pooled: ±0.8). Reference values: tests/unit/aa-simulation-reference.py.

const plan: AaPlan = { ...FULL_PLAN, seed: 7, units: 400, fixedRuns: 400, peekingRuns: 150 };
const checks = simulateAa(plan);
const rate = (label: string) => {
  const check = checks.find((c) => c.label.trim().startsWith(label));
  if (!check) throw new Error(`no scenario ${label}`);
  return check.hits / check.runs;
};

describe('A/A simulations, a quick run of every scenario', () => {
  it('keeps per-unit false positives near 5%, where counting executions inflates them', () => {
    expect(rate('binary per unit, ρ = 0.05')).toBeGreaterThanOrEqual(0.015);
    expect(rate('binary per unit, ρ = 0.05')).toBeLessThanOrEqual(0.09);
    expect(rate('binary per unit, ρ = 0.17')).toBeGreaterThanOrEqual(0.015);
    expect(rate('binary per unit, ρ = 0.17')).toBeLessThanOrEqual(0.09);
    // Theory says 16.8% at ρ = 0.17: the old analysis must be clearly worse.
    expect(rate('old: per execution, ρ = 0.17')).toBeGreaterThanOrEqual(0.11);
    expect(rate('old: per execution, ρ = 0.17')).toBeGreaterThan(rate('binary per unit, ρ = 0.17') + 0.05);
    for (const label of ['continuous per unit, mean', 'continuous per unit, sum', 'ratio per execution, binary', 'ratio per execution, continuous']) {
      expect(rate(label), label).toBeGreaterThanOrEqual(0.015);
      expect(rate(label), label).toBeLessThanOrEqual(0.09);
    }
  });

  it('flags SRM on units almost never, and on executions often', () => {
    expect(rate('SRM flag on units')).toBeLessThanOrEqual(0.01);
    expect(rate('old: SRM on executions')).toBeGreaterThanOrEqual(0.1);
  });

  it('survives daily peeking with sequential tests, not with fixed-horizon p-values, which never say ship early', () => {
    expect(rate('sequential, 14 daily looks')).toBeLessThanOrEqual(0.05);
    expect(rate('fixed horizon, 14 daily looks')).toBeGreaterThanOrEqual(0.12);
    expect(rate("fixed horizon: 'ship' before planned n")).toBe(0);
    // Not vacuous: most looks come before the planned sample.
    const early = checks.find((c) => c.label.includes("'ship' before"))!;
    expect(early.note).toMatch(/^1[23]\.\d of 14 looks/);
  });

  it('ships a Bayesian A/A winner at most about α of the time', () => {
    expect(rate("Bayesian 'ship'")).toBeLessThanOrEqual(0.09);
    const bayesian = checks.find((c) => c.label.startsWith('Bayesian'))!;
    // The one-sided frequentist rate of the same runs, its calibration, is printed beside it.
    expect(bayesian.note).toMatch(/one-sided p < α on the same runs: \d+\.\d%/);
  });

  it('prints one row per scenario with its interval, target and verdict', () => {
    const table = formatChecks(checks).split('\n');
    expect(table).toHaveLength(checks.length + 2);
    expect(table[2]).toMatch(/^binary per unit, ρ = 0\.05 +\d+ +400 +\d+\.\d% +\[\d+\.\d%, \d+\.\d%\] +\[4\.0%, 6\.0%\] +(PASS|FAIL)$/);
    expect(table.find((l) => l.includes("'ship' before"))).toMatch(/= 0\.0% +PASS/);
  });
});

describe('the simulation machinery', () => {
  it('enters the random stream at any draw, so chunks read disjoint stretches', () => {
    for (const skip of [0, 1, 12_345, 2 ** 20]) {
      const stream = seededRandom(99);
      for (let i = 0; i < skip; i++) stream();
      const jumped = streamAt(99, skip);
      expect([jumped(), jumped()]).toEqual([stream(), stream()]);
    }
  });

  it('gives a chunk the same tally every time, and splits runs into chunks without losing any', () => {
    const small: AaPlan = { ...plan, units: 200, fixedRuns: 520, peekingRuns: 30 };
    const chunks = chunksOf(small);
    expect(chunks.filter((c) => c.family === 'low').map((c) => c.runs)).toEqual([250, 250, 20]);
    expect(chunks.filter((c) => c.family === 'daily').map((c) => c.runs)).toEqual([30]);
    const tiny = { ...chunks.find((c) => c.family === 'daily')!, runs: 5 };
    expect(runChunk(small, tiny)).toEqual(runChunk(small, tiny));
    expect(() => chunksOf({ ...plan, fixedRuns: 1_000_000 })).toThrow(/at most/);
  });

  it('computes Wilson intervals and the per-execution inflation as the reference does', () => {
    const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.max(expected, 1e-3));
    const [lo, hi] = wilson(440, 8000);
    close(lo, 5.021446714905286e-2);
    close(hi, 6.021269003140953e-2);
    close(wilson(0, 1000)[1], 3.826758485555124e-3);
    expect(wilson(0, 1000)[0]).toBe(0);
    expect(wilson(1000, 1000)[1]).toBe(1);
    close(perExecutionFalsePositives(0.05, 10), 8.561398404618749e-2);
    close(perExecutionFalsePositives(0.17, 10), 1.678867847649505e-1);
  });

  it('lets a quick run miss a target only when its interval excludes it', () => {
    // 7.3% of 300 has the interval [4.9%, 10.9%]: consistent with 4–6%; 12% of 300 is not.
    expect(consistentWith({ label: 'x', hits: 22, runs: 300, target: { min: 0.04, max: 0.06 } })).toBe(true);
    expect(consistentWith({ label: 'x', hits: 36, runs: 300, target: { min: 0.04, max: 0.06 } })).toBe(false);
    expect(consistentWith({ label: 'x', hits: 1, runs: 300, target: { min: 0, max: 0 } })).toBe(false);
  });

  it('passes a rate inside its target and fails one outside', () => {
    const check = (hits: number, target: Check['target']): Check => ({ label: 'x', hits, runs: 1000, target });
    expect(passes(check(50, { min: 0.04, max: 0.06 }))).toBe(true);
    expect(passes(check(61, { min: 0.04, max: 0.06 }))).toBe(false);
    expect(passes(check(39, { min: 0.04, max: 0.06 }))).toBe(false);
    expect(passes(check(0, { min: 0, max: 0 }))).toBe(true);
    expect(passes(check(1, { min: 0, max: 0 }))).toBe(false);
  });
});
