import { describe, expect, it } from 'vitest';
import { twoProportionTest } from '@/lib/stats';
import reference from './fixtures/scipy-reference.json';
import vectors from './fixtures/stats-vectors.json';
import { expectClose, expectIntervalClose, expectNoNonFinite } from './tolerance';

type Counts = { n: number; conversions: number };
type ProportionCase = {
  note?: string;
  input: { control: Counts; treatment: Counts; alpha: number };
  expected: {
    z: number;
    pValue: number;
    diff: number;
    ci: number[];
    relativeDiff?: number | null;
    relativeCi?: number[] | null;
  };
};

const sharedCases = vectors.cases.filter((c) => c.kind === 'twoProportionTest') as unknown as ProportionCase[];
const scipyCases = reference.twoProportionTest as ProportionCase[];
const label = ({ note, input: { control: c, treatment: t } }: ProportionCase) =>
  note ?? `${c.conversions}/${c.n} vs ${t.conversions}/${t.n}`;

describe('twoProportionTest against the shared reference vectors', () => {
  it.each(sharedCases.map((c) => [label(c), c] as const))('%s', (_, { input, expected }) => {
    const r = twoProportionTest(input.control, input.treatment, { alpha: input.alpha });
    expectClose(r.z, expected.z);
    expectClose(r.pValue, expected.pValue);
    expectClose(r.diff, expected.diff);
    expectIntervalClose(r.ci, expected.ci);
    expect(r.reason).toBeNull();
  });
});

describe('twoProportionTest against more scipy cases (pooled z, unpooled interval)', () => {
  it.each(scipyCases.map((c) => [label(c), c] as const))('%s', (_, { input, expected }) => {
    const r = twoProportionTest(input.control, input.treatment, { alpha: input.alpha });
    expectClose(r.z, expected.z);
    expectClose(r.pValue, expected.pValue, 1e-6, 1e-300);
    expectClose(r.diff, expected.diff);
    expectIntervalClose(r.ci, expected.ci);
    if (expected.relativeDiff === null) {
      expect(r.relativeDiff).toBeNull();
      expect(r.relativeCi).toBeNull();
    } else {
      expectClose(r.relativeDiff, expected.relativeDiff!);
      expectIntervalClose(r.relativeCi, expected.relativeCi!);
    }
  });
});

describe('twoProportionTest at the edges', () => {
  it('is undefined when nobody converted anywhere', () => {
    const r = twoProportionTest({ n: 500, conversions: 0 }, { n: 480, conversions: 0 });
    expect(r.pValue).toBeNull();
    expect(r.z).toBeNull();
    expect(r.ci).toBeNull();
    expect(r.diff).toBe(0);
    expect(r.reason).toMatch(/no unit converted/);
    expectNoNonFinite(r);
  });

  it('is undefined when everybody converted everywhere', () => {
    const r = twoProportionTest({ n: 500, conversions: 500 }, { n: 480, conversions: 480 });
    expect(r.pValue).toBeNull();
    expect(r.relativeDiff).toBe(0);
    expect(r.reason).toMatch(/every unit converted/);
    expectNoNonFinite(r);
  });

  it('tests 0% against 100% but refuses a zero-width interval', () => {
    const r = twoProportionTest({ n: 10, conversions: 0 }, { n: 10, conversions: 10 });
    expect(r.pValue).toBeGreaterThan(0);
    expect(r.pValue).toBeLessThan(1e-4);
    expect(r.ci).toBeNull();
    expect(r.relativeDiff).toBeNull();
    expect(r.reason).toMatch(/degenerate/);
    expectNoNonFinite(r);
  });

  it('rejects impossible counts', () => {
    for (const bad of [
      { n: 0, conversions: 0 },
      { n: 10, conversions: 11 },
      { n: 10, conversions: -1 },
      { n: Number.NaN, conversions: 1 },
    ]) {
      const r = twoProportionTest(bad, { n: 10, conversions: 5 });
      expect(r.pValue).toBeNull();
      expect(r.reason).toBeTruthy();
      expectNoNonFinite(r);
    }
  });

  it('handles 10^7 units per variant and keeps tiny p-values', () => {
    const r = twoProportionTest({ n: 1e7, conversions: 1e6 }, { n: 1e7, conversions: 1.03e6 });
    expectNoNonFinite(r);
    expect(r.pValue).toBeGreaterThan(0);
    expect(r.pValue).toBeLessThan(1e-100);
  });

  it('is antisymmetric: swapping arms flips the sign and keeps the p-value', () => {
    const a = twoProportionTest({ n: 900, conversions: 90 }, { n: 1100, conversions: 140 });
    const b = twoProportionTest({ n: 1100, conversions: 140 }, { n: 900, conversions: 90 });
    expect(b.diff).toBeCloseTo(-a.diff!, 15);
    expect(b.pValue).toBeCloseTo(a.pValue!, 15);
  });
});
