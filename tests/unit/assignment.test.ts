import { describe, expect, it } from 'vitest';
import {
  type BucketRange,
  chooseVariant,
  equalWeights,
  fnv1a32,
  getBucketRanges,
  hash,
} from '@/lib/experiments/assignment';
import { srmTest } from '@/lib/stats';

// GrowthBook's SDK conformance cases (growthbook/growthbook packages/sdk-js/test/cases.json,
// spec 0.5.x): the "hash" section (version 2 entries), buckets reported by the "feature" and
// "stickyBucket" sections for hashVersion 2, "getBucketRange" and "chooseVariation".
const HASH_V2: [seed: string, value: string, expected: number][] = [
  ['seed', 'a', 0.0505],
  ['seed', 'b', 0.2696],
  ['foo', 'ab', 0.2575],
  ['foo', 'def', 0.2019],
  ['89123klj', '8952klfjas09ujkasdf', 0.124],
  ['90850943850283058242805', '123', 0.7516],
  ['()**(%$##$%#$#', '___)((*":&', 0.0128],
  ['feature', '123', 0.5231],
  ['experiment', '1', 0.4413],
  ['holdout', '1', 0.8043],
  ['feature-exp', 'd123', 0.6468],
  ['feature-exp', 'i123', 0.9943],
];

const BUCKET_RANGES: [name: string, args: [number, number, number[] | null], expected: BucketRange[]][] = [
  ['normal 50/50', [2, 1, null], [[0, 0.5], [0.5, 1]]],
  ['reduced coverage', [2, 0.5, null], [[0, 0.25], [0.5, 0.75]]],
  ['zero coverage', [2, 0, null], [[0, 0], [0.5, 0.5]]],
  ['4 variations', [4, 1, null], [[0, 0.25], [0.25, 0.5], [0.5, 0.75], [0.75, 1]]],
  ['uneven weights', [2, 1, [0.4, 0.6]], [[0, 0.4], [0.4, 1]]],
  ['uneven weights, 3 variations', [3, 1, [0.2, 0.3, 0.5]], [[0, 0.2], [0.2, 0.5], [0.5, 1]]],
  ['uneven weights, reduced coverage, 3 variations', [3, 0.2, [0.2, 0.3, 0.5]], [[0, 0.04], [0.2, 0.26], [0.5, 0.6]]],
  ['negative coverage', [2, -0.2, null], [[0, 0], [0.5, 0.5]]],
  ['coverage above 1', [2, 1.5, null], [[0, 0.5], [0.5, 1]]],
  ['weights sum below 1', [2, 1, [0.4, 0.1]], [[0, 0.5], [0.5, 1]]],
  ['weights sum above 1', [2, 1, [0.7, 0.6]], [[0, 0.5], [0.5, 1]]],
  ['weights.length not equal to num variations', [4, 1, [0.4, 0.4, 0.2]], [[0, 0.25], [0.25, 0.5], [0.5, 0.75], [0.75, 1]]],
  ['weights sum almost equals 1', [2, 1, [0.4, 0.5999]], [[0, 0.4], [0.4, 0.9999]]],
];

const EVEN: BucketRange[] = [[0, 0.5], [0.5, 1]];
const REDUCED: BucketRange[] = [[0, 0.25], [0.5, 0.75]];
const CHOOSE_VARIATION: [name: string, n: number, ranges: BucketRange[], expected: number][] = [
  ['even range, 0.2', 0.2, EVEN, 0],
  ['even range, 0.4', 0.4, EVEN, 0],
  ['even range, 0.6', 0.6, EVEN, 1],
  ['even range, 0.8', 0.8, EVEN, 1],
  ['even range, 0', 0, EVEN, 0],
  ['even range, 0.5', 0.5, EVEN, 1],
  ['reduced range, 0.2', 0.2, REDUCED, 0],
  ['reduced range, 0.4', 0.4, REDUCED, -1],
  ['reduced range, 0.6', 0.6, REDUCED, 1],
  ['reduced range, 0.8', 0.8, REDUCED, -1],
  ['reduced range, 0.25', 0.25, REDUCED, -1],
  ['reduced range, 0.5', 0.5, REDUCED, 1],
  ['zero range', 0.5, [[0, 0.5], [0.5, 0.5], [0.5, 1]], 2],
];

const assign = (salt: string, unitId: string, ranges: BucketRange[]) => chooseVariant(hash(salt, unitId), ranges);
const units = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);

describe('hash (GrowthBook hash version 2)', () => {
  it('is 32-bit FNV-1a underneath (reference vectors)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it.each(HASH_V2)('hash(%j, %j) = %d, as every GrowthBook SDK computes it', (seed, value, expected) => {
    expect(hash(seed, value)).toBe(expected);
  });

  it('stays in [0, 1) with four decimals', () => {
    const fourDecimals = (n: number) => Math.abs(n * 1e4 - Math.round(n * 1e4)) < 1e-6;
    const outside = units.map((id) => hash('salt', id)).filter((n) => !(n >= 0 && n < 1 && fourDecimals(n)));
    expect(outside).toEqual([]);
  });
});

describe('getBucketRanges (GrowthBook cases)', () => {
  it.each(BUCKET_RANGES)('%s', (_, [count, coverage, weights], expected) => {
    const ranges = getBucketRanges(count, coverage, weights);
    expect(ranges).toHaveLength(expected.length);
    ranges.forEach(([start, end], i) => {
      expect(start).toBeCloseTo(expected[i][0], 12);
      expect(end).toBeCloseTo(expected[i][1], 12);
    });
  });

  it('splits equally by default', () => {
    expect(equalWeights(4)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(equalWeights(0)).toEqual([]);
    expect(getBucketRanges(2)).toEqual(EVEN);
  });
});

describe('chooseVariant (GrowthBook chooseVariation cases)', () => {
  it.each(CHOOSE_VARIATION)('%s', (_, n, ranges, expected) => {
    expect(chooseVariant(n, ranges)).toBe(expected);
  });
});

describe('assignment over 100,000 units', () => {
  it.each(['checkout-cta', 'support-reply', 'exp-2026-07', ''])(
    'is uniform for salt %j (chi-square over 20 bins, p > 0.001)',
    (salt) => {
      const bins = new Array<number>(20).fill(0);
      for (const id of units) bins[Math.floor(hash(salt, id) * 20)]++;
      const { pValue } = srmTest(bins, new Array<number>(20).fill(1));
      expect(pValue).toBeGreaterThan(0.001);
    },
  );

  it('follows uneven weights (20/30/50)', () => {
    const weights = [0.2, 0.3, 0.5];
    const ranges = getBucketRanges(3, 1, weights);
    const counts = [0, 0, 0];
    for (const id of units) counts[assign('pricing-test', id, ranges)]++;
    expect(srmTest(counts, weights).pValue).toBeGreaterThan(0.001);
  });

  it('includes the coverage share and splits it by weight', () => {
    const ranges = getBucketRanges(2, 0.4, [0.5, 0.5]);
    const counts = { out: 0, control: 0, b: 0 };
    for (const id of units) {
      const v = assign('coverage-test', id, ranges);
      if (v === -1) counts.out++;
      else if (v === 0) counts.control++;
      else counts.b++;
    }
    expect(srmTest([counts.out, counts.control, counts.b], [0.6, 0.2, 0.2]).pValue).toBeGreaterThan(0.001);
  });

  it('is sticky: the same unit always gets the same variant', () => {
    const ranges = getBucketRanges(3, 1, [0.34, 0.33, 0.33]);
    const first = units.map((id) => assign('sticky', id, ranges));
    expect(units.map((id) => assign('sticky', id, ranges))).toEqual(first);
  });

  it('never moves a unit already in when coverage grows', () => {
    const before = getBucketRanges(2, 0.3, [0.5, 0.5]);
    const after = getBucketRanges(2, 1, [0.5, 0.5]);
    let included = 0;
    let moved = 0;
    for (const id of units) {
      const v = assign('ramp-up', id, before);
      if (v === -1) continue;
      included++;
      if (assign('ramp-up', id, after) !== v) moved++;
    }
    expect(included).toBeGreaterThan(25_000);
    expect(moved).toBe(0);
  });

  it('reassigns independently under a different salt', () => {
    const ranges = getBucketRanges(2);
    let same = 0;
    for (const id of units) if (assign('salt-a', id, ranges) === assign('salt-b', id, ranges)) same++;
    expect(srmTest([same, units.length - same], [0.5, 0.5]).pValue).toBeGreaterThan(0.001);
  });
});
