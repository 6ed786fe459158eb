import { expect } from 'vitest';

/**
 * |actual − expected| ≤ max(relative·|expected|, absolute): the reference vectors' contract
 * ("1e-6 relative, 1e-12 absolute where the value is near 0").
 */
export function expectClose(actual: number | null | undefined, expected: number, relative = 1e-6, absolute = 1e-12) {
  expect(actual, `expected ${expected}`).toBeTypeOf('number');
  const bound = Math.max(relative * Math.abs(expected), absolute);
  expect(Math.abs((actual as number) - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(bound);
}

export function expectIntervalClose(
  actual: readonly [number, number] | null | undefined,
  expected: readonly number[],
  relative = 1e-6,
  absolute = 1e-12,
) {
  expect(actual, `expected [${expected.join(', ')}]`).toBeTruthy();
  expectClose(actual![0], expected[0], relative, absolute);
  expectClose(actual![1], expected[1], relative, absolute);
}

/** Every number anywhere in a result is finite: results carry null, never NaN or Infinity. */
export function expectNoNonFinite(value: unknown, path = 'result'): void {
  if (typeof value === 'number') expect(Number.isFinite(value), `${path} = ${value}`).toBe(true);
  else if (Array.isArray(value)) value.forEach((v, i) => expectNoNonFinite(v, `${path}[${i}]`));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) expectNoNonFinite(v, `${path}.${k}`);
}
