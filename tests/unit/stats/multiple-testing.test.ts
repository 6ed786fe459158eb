import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, holm } from '@/lib/stats';

// Straight from the definitions (R's p.adjust), written independently of the engine:
// Holm:  p̃_(i) = max_{j ≤ i} min(1, (m − j + 1) p_(j))
// BH:    p̃_(i) = min_{j ≥ i} min(1, m p_(j) / j)
function holmByDefinition(p: number[]): number[] {
  const m = p.length;
  const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
  return p.map((_, k) => {
    const rank = order.indexOf(k);
    let value = 0;
    for (let j = 0; j <= rank; j++) value = Math.max(value, Math.min(1, (m - j) * p[order[j]]));
    return value;
  });
}

function bhByDefinition(p: number[]): number[] {
  const m = p.length;
  const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
  return p.map((_, k) => {
    const rank = order.indexOf(k);
    let value = 1;
    for (let j = rank; j < m; j++) value = Math.min(value, Math.min(1, (m * p[order[j]]) / (j + 1)));
    return value;
  });
}

// A fixed pseudo-random sequence (no Math.random in tests).
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('holm', () => {
  it('adjusts a textbook example, in input order', () => {
    const adjusted = holm([0.04, 0.01, 0.03, 0.005]);
    [0.06, 0.03, 0.06, 0.02].forEach((e, i) => expect(adjusted[i]).toBeCloseTo(e, 15));
  });

  it('is monotone in the raw p-values and capped at 1', () => {
    const adjusted = holm([0.01, 0.02, 0.03, 0.04, 0.05]);
    [0.05, 0.08, 0.09, 0.09, 0.09].forEach((e, i) => expect(adjusted[i]).toBeCloseTo(e, 15));
    expect(holm([0.5, 0.6, 0.9])).toEqual([1, 1, 1]);
  });

  it('leaves a single p-value alone and an empty list empty', () => {
    expect(holm([0.03])).toEqual([0.03]);
    expect(holm([])).toEqual([]);
  });

  it('skips undefined tests and does not count them', () => {
    expect(holm([0.01, null, 0.04])).toEqual([0.02, null, 0.04]);
  });

  it('agrees with the definition on random inputs', () => {
    const next = lcg(7);
    for (let trial = 0; trial < 200; trial++) {
      const p = Array.from({ length: 1 + Math.floor(next() * 8) }, () => next() ** 3);
      const adjusted = holm(p);
      holmByDefinition(p).forEach((e, i) => expect(adjusted[i]).toBeCloseTo(e, 14));
    }
  });
});

describe('benjaminiHochberg', () => {
  it('adjusts a textbook example, in input order', () => {
    const adjusted = benjaminiHochberg([0.01, 0.02, 0.03, 0.04, 0.05]);
    adjusted.forEach((v) => expect(v).toBeCloseTo(0.05, 15));
    const mixed = benjaminiHochberg([0.04, 0.001, 0.5, 0.012]);
    [0.16 / 3, 0.004, 0.5, 0.024].forEach((e, i) => expect(mixed[i]).toBeCloseTo(e, 15));
  });

  it('never adjusts below the raw p-value nor above 1', () => {
    const p = [0.9, 0.95, 0.2];
    benjaminiHochberg(p).forEach((v, i) => {
      expect(v).toBeGreaterThanOrEqual(p[i]);
      expect(v).toBeLessThanOrEqual(1);
    });
  });

  it('skips undefined tests', () => {
    expect(benjaminiHochberg([null, 0.02, 0.01])).toEqual([null, 0.02, 0.02]);
  });

  it('agrees with the definition on random inputs', () => {
    const next = lcg(11);
    for (let trial = 0; trial < 200; trial++) {
      const p = Array.from({ length: 1 + Math.floor(next() * 8) }, () => next() ** 3);
      const adjusted = benjaminiHochberg(p);
      bhByDefinition(p).forEach((e, i) => expect(adjusted[i]).toBeCloseTo(e, 14));
    }
  });
});
