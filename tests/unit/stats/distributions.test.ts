import { describe, expect, it } from 'vitest';
import {
  chiSquareSf,
  normalCdf,
  normalQuantile,
  normalSf,
  normalUpperQuantile,
  studentTQuantile,
  studentTSf,
  studentTUpperQuantile,
} from '@/lib/stats/distributions';
import { erfc, logBeta, logGamma } from '@/lib/stats/special-functions';
import reference from './fixtures/scipy-reference.json';
import { expectClose } from './tolerance';

// The requirement is 1e-6 relative; the distributions are held to 1e-9 so the tests built
// on them keep a wide margin.
const TIGHT = 1e-9;

describe('normal distribution', () => {
  it('keeps relative accuracy deep in the tail where jstat returns 0', () => {
    // jstat: 1 − normal.cdf(10) === 0.
    expectClose(normalSf(10), 7.619853024160527e-24, TIGHT);
    expectClose(normalSf(-10), 1, TIGHT);
    expectClose(normalCdf(-10), 7.619853024160527e-24, TIGHT);
  });

  it.each(reference.distributions.normalSf)('norm.sf(%d) matches scipy', (z, expected) => {
    expectClose(normalSf(z), expected, TIGHT, 1e-300);
  });

  it.each(reference.distributions.normalUpperQuantile)('norm.isf(%d) matches scipy', (q, expected) => {
    expectClose(normalUpperQuantile(q), expected, TIGHT, 1e-15);
  });

  it('gives the familiar critical values', () => {
    expectClose(normalQuantile(0.975), 1.959963984540054, 1e-14);
    expectClose(normalQuantile(0.8), 0.8416212335729143, 1e-14);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 15);
  });

  it('erfc agrees with erfc(x) = 2 − erfc(−x) and known values', () => {
    expectClose(erfc(0.5), 0.4795001221869535, 1e-15);
    expectClose(erfc(3), 2.209049699858544e-5, 1e-14);
    expectClose(erfc(-1.3), 2 - erfc(1.3), 1e-15);
    expect(erfc(0)).toBe(1);
  });
});

describe('Student t distribution', () => {
  it.each(reference.distributions.tSf)('t.sf(%d, df=%d) matches scipy', (t, df, expected) => {
    expectClose(studentTSf(t, df), expected, TIGHT, 1e-300);
  });

  it.each(reference.distributions.tUpperQuantile)('t.isf(%d, df=%d) matches scipy', (q, df, expected) => {
    expectClose(studentTUpperQuantile(q, df), expected, TIGHT);
  });

  it('stays right at df = 10^6 and beyond', () => {
    expectClose(studentTSf(3, 1e6), 0.0013499312707109, TIGHT); // scipy
    expectClose(studentTQuantile(0.975, 1e6), 1.959966356814107, TIGHT); // scipy
    // Beyond any sample Verso will see, the t tail must still approach the normal one.
    expectClose(studentTSf(5, 1e15), normalSf(5), 1e-9);
  });

  it('is symmetric and tends to the normal', () => {
    expectClose(studentTSf(-2, 7) + studentTSf(2, 7), 1, 1e-15);
    expectClose(studentTSf(2, Infinity), normalSf(2), 1e-15);
    expect(studentTSf(0, 3)).toBe(0.5);
  });
});

describe('chi-square distribution', () => {
  it('computes tiny upper tails directly instead of 1 − cdf', () => {
    // jstat: 1 − chisquare.cdf(100, 1) === 0. χ²(1) beyond x is P(|Z| > √x), so
    // scipy's chi2.sf(100, 1) = 1.5239706048320995e-23 = 2·norm.sf(10).
    expectClose(chiSquareSf(100, 1), 1.5239706048320995e-23, TIGHT);
    expectClose(chiSquareSf(100, 1), 2 * normalSf(10), 1e-13);
  });

  it.each(reference.distributions.chiSquareSf)('chi2.sf(%d, k=%d) matches scipy', (x, k, expected) => {
    expectClose(chiSquareSf(x, k), expected, TIGHT, 1e-300);
  });

  it('is exp(−x/2) for 2 degrees of freedom', () => {
    for (const x of [0.1, 3, 50, 700]) expectClose(chiSquareSf(x, 2), Math.exp(-x / 2), 1e-13);
  });
});

describe('log-gamma and log-beta', () => {
  it('match factorials and stay exact for huge arguments', () => {
    expectClose(logGamma(10), Math.log(362880), 1e-15);
    expectClose(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-15);
    expectClose(logBeta(3, 4), Math.log(1 / 60), 1e-14);
    // ln B(a, ½) = ½ ln(π/a) + 1/(8a) + O(a⁻²); summing lnΓ's would cancel 8 digits here.
    const a = 1e7;
    expectClose(logBeta(a, 0.5), 0.5 * Math.log(Math.PI / a) + 1 / (8 * a), 1e-14);
  });
});
