import { describe, expect, it } from 'vitest';
import { niceAxis, niceStep, tickDigits } from '@/components/experiments/axis';
import { bandKey, chartRows, drawnValues } from '@/components/experiments/timeline-rows';

/** The ticks are the domain's ends and evenly spaced between (to float noise). */
function expectEven({ domain, ticks, step }: ReturnType<typeof niceAxis>) {
  expect(ticks[0]).toBe(domain[0]);
  expect(ticks[ticks.length - 1]).toBe(domain[1]);
  ticks.slice(1).forEach((t, i) => expect(t - ticks[i]!).toBeCloseTo(step, 12));
}

describe('the value axis of the experiment charts', () => {
  it('rounds steps up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0.07, 0.1, 0.13, 0.21, 0.3, 0.6, 3, 42, 0.0004].map(niceStep)).toEqual([0.1, 0.1, 0.2, 0.25, 0.5, 1, 5, 50, 0.0005]);
  });

  it('stops a rate at 100%, never above, with even ticks', () => {
    // recharts' 'auto' domain turned these into 0–120%.
    const full = niceAxis([0, 0.97, 1], 'rate');
    expect(full.ticks).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const high = niceAxis([0.62, 0.97], 'rate');
    expect(high.ticks).toEqual([0.6, 0.7, 0.8, 0.9, 1]);
    expectEven(high);
    // A band past 100% (it is clamped when computed, but the axis does not rely on it).
    const over = niceAxis([0.4, 1.08], 'rate');
    expect(over.domain[1]).toBe(1);
    expect(over.ticks.every((t) => t >= 0 && t <= 1)).toBe(true);
    expectEven(over);
  });

  it('fits a rate’s domain to the data with nice steps, not from 0', () => {
    const axis = niceAxis([0.101, 0.1045, 0.0987, 0.113], 'rate');
    expect(axis.domain).toEqual([0.095, 0.115]);
    expect(axis.ticks).toEqual([0.095, 0.1, 0.105, 0.11, 0.115]);
    expect(tickDigits(axis.step, 'rate')).toBe(1);
    // Float noise does not add a tick: 0.3 / 0.1 is not quite 3.
    expect(niceAxis([0.1, 0.3], 'rate').ticks).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]);
  });

  it('gives a flat line room instead of a zero-height axis', () => {
    expect(niceAxis([0, 0, 0], 'rate').ticks).toEqual([0, 0.025, 0.05, 0.075, 0.1]);
    expect(niceAxis([], 'amount').domain).toEqual([-1, 1]);
    const ones = niceAxis([1, 1], 'rate');
    expect(ones.domain[1]).toBe(1);
    expect(ones.domain[0]).toBeLessThan(1);
    expectEven(ones);
  });

  it('keeps amounts on their own scale, negative included', () => {
    const axis = niceAxis([-0.88, 13.36, 4.75], 'amount');
    expect(axis.ticks).toEqual([-5, 0, 5, 10, 15]);
    expectEven(niceAxis([780.2, 812.9], 'amount'));
    expect(niceAxis([780.2, 812.9], 'amount').ticks).toEqual([780, 790, 800, 810, 820]);
  });

  it('shows as many decimals as the ticks need', () => {
    expect(tickDigits(0.25, 'rate')).toBe(0);
    expect(tickDigits(0.025, 'rate')).toBe(1);
    expect(tickDigits(0.0025, 'rate')).toBe(2);
    expect(tickDigits(2.5, 'amount')).toBe(1);
  });
});

describe('the chart rows', () => {
  const points = [
    { time: '2026-03-02T00:00:00.000Z', variant: 'b', n: 3, value: 1 / 3, band: [0, 0.87] as [number, number] },
    { time: '2026-03-01T00:00:00.000Z', variant: 'control', n: 2, value: 0.5, band: [0, 1] as [number, number] },
    { time: '2026-03-01T00:00:00.000Z', variant: 'b', n: 1, value: 0, band: null },
    { time: '2026-03-01T00:00:00.000Z', variant: 'gone', n: 9, value: 9, band: null },
  ];

  it('puts each time on one row, a variant without units that day as null, variants not drawn left out', () => {
    const rows = chartRows(points, ['control', 'b']);
    expect(rows).toEqual([
      { time: Date.parse('2026-03-01'), control: 0.5, [bandKey('control')]: [0, 1], b: 0, [bandKey('b')]: null },
      { time: Date.parse('2026-03-02'), control: null, [bandKey('control')]: null, b: 1 / 3, [bandKey('b')]: [0, 0.87] },
    ]);
    expect(drawnValues(rows, ['control', 'b']).sort()).toEqual([0, 0, 0, 0.3333333333333333, 0.5, 0.87, 1]);
  });
});
