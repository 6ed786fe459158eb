import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, sampleSizeMeans, sampleSizeProportions } from '@/lib/stats';

// Expected values computed with scipy.stats.norm from the documented formulas.
describe('sampleSizeProportions (relative MDE, per variant, two-sided)', () => {
  it.each([
    [{ baseline: 0.1, mde: 0.2 }, 3841], // 3840.85
    [{ baseline: 0.05, mde: 0.1 }, 31234], // 31233.44
    [{ baseline: 0.5, mde: -0.1, alpha: 0.01, power: 0.9 }, 2966], // 2965.96
    [{ baseline: 0.02, mde: 0.5, alpha: 0.1, power: 0.8 }, 3013], // 3012.95
  ])('%o → %i', (input, expected) => {
    expect(sampleSizeProportions(input)).toEqual({ perVariant: expected, reason: null });
  });

  it('returns the smallest size that reaches the requested power', () => {
    const baseline = 0.1;
    const p2 = 0.12;
    const power = (n: number) => {
      // Power of the pooled z-test at the true rates (the far tail is negligible).
      const pBar = (baseline + p2) / 2;
      const zAlpha = normalQuantile(0.975);
      const se1 = Math.sqrt(baseline * (1 - baseline) + p2 * (1 - p2));
      return normalCdf(((p2 - baseline) * Math.sqrt(n) - zAlpha * Math.sqrt(2 * pBar * (1 - pBar))) / se1);
    };
    const { perVariant } = sampleSizeProportions({ baseline, mde: 0.2 });
    expect(power(perVariant!)).toBeGreaterThanOrEqual(0.8);
    expect(power(perVariant! - 1)).toBeLessThan(0.8);
  });

  it('refuses impossible inputs with a reason', () => {
    for (const input of [
      { baseline: 0, mde: 0.1 },
      { baseline: 1, mde: 0.1 },
      { baseline: 0.6, mde: 1 },
      { baseline: 0.1, mde: 0 },
      { baseline: 0.1, mde: -1 },
      { baseline: 0.1, mde: 0.1, power: 1 },
      { baseline: 0.1, mde: 0.1, alpha: 0 },
    ]) {
      const r = sampleSizeProportions(input);
      expect(r.perVariant, JSON.stringify(input)).toBeNull();
      expect(r.reason).toBeTruthy();
    }
  });
});

describe('sampleSizeMeans (absolute MDE, per variant, two-sided)', () => {
  it.each([
    [{ sd: 1, mde: 0.5 }, 63], // 62.79 (Cohen's d = 0.5)
    [{ sd: 10, mde: 1, alpha: 0.01, power: 0.9 }, 2976], // 2975.88
    [{ sd: 3.2, mde: 0.05 }, 64299], // 64298.02
    [{ sd: 3.2, mde: -0.05 }, 64299], // direction does not matter
  ])('%o → %i', (input, expected) => {
    expect(sampleSizeMeans(input)).toEqual({ perVariant: expected, reason: null });
  });

  it('refuses a zero standard deviation or effect', () => {
    expect(sampleSizeMeans({ sd: 0, mde: 1 }).perVariant).toBeNull();
    expect(sampleSizeMeans({ sd: 1, mde: 0 }).perVariant).toBeNull();
    expect(sampleSizeMeans({ sd: 1, mde: 1e-200 }).reason).toMatch(/too small/);
  });
});
