import { evalCondition as growthbook, type ConditionInterface } from '@growthbook/growthbook';
import { describe, expect, it } from 'vitest';
import { isTargeted as serverIsTargeted } from '@/lib/experiments/serving';
import { targetingCondition } from '@/lib/experiments/targeting';
import { evalCondition, isTargeted, paddedVersionString } from '../../sdk/src/targeting';

// The SDK evaluates targeting without GrowthBook: every condition Verso accepts must include
// exactly the units GrowthBook's own evalCondition (what the server runs) includes. Thousands of
// random conditions over Verso's operators, each checked valid by the server's schema, against
// random attribute sets that hit the edges (missing, wrong type, case, versions).

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const random = rng(20261203);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

const ATTRS = ['country', 'plan', 'seats', 'beta', 'app', 'id'];
const VALUES: Record<string, (string | number | boolean)[]> = {
  country: ['DE', 'de', 'FR', 'US', ''],
  plan: ['pro', 'free', 'Pro', 'team'],
  seats: [0, 1, 5, 10, 10.5, 20, -1],
  beta: [true, false],
  app: ['1.2.0', '1.10.0', 'v2.0.0-rc.1', '2.0.0', '1.2'],
  id: ['user-1', 'user-4', '7', 'ü'],
};
const scalars = [...new Set(Object.values(VALUES).flat())];

function attributes(): Record<string, string | number | boolean> {
  const a: Record<string, string | number | boolean> = {};
  for (const name of ATTRS) {
    if (name === 'id' || random() < 0.25) continue;
    // Sometimes a value of another attribute's type: targeting sees whatever the application sends.
    a[name] = random() < 0.15 ? pick(scalars) : pick(VALUES[name]!);
  }
  return a;
}

function valueCondition(name: string, depth: number): unknown {
  const own = VALUES[name]!;
  const choice = Math.floor(random() * 11);
  switch (choice) {
    case 0:
      return pick(own);
    case 1:
      return { $eq: pick(own) };
    case 2:
      return { $ne: pick(own) };
    case 3:
      return { [pick(['$gt', '$gte', '$lt', '$lte'])]: typeof own[0] === 'number' ? pick(own) : pick(own.map(String)) };
    case 4:
      return { [pick(['$in', '$nin', '$ini', '$nini'])]: own.filter(() => random() < 0.5) };
    case 5:
      return { $exists: random() < 0.5 };
    case 6:
      return { $type: pick(['string', 'number', 'boolean', 'undefined', 'null']) };
    case 7:
      return { [pick(['$veq', '$vne', '$vgt', '$vgte', '$vlt', '$vlte'])]: pick(VALUES.app!.map(String)) };
    case 8:
      return depth < 3 ? { $not: valueCondition(name, depth + 1) } : pick(own);
    case 9:
      return { $gte: pick(own.map(String)), $lt: pick(own.map(String)) };
    default:
      return null;
  }
}

function condition(depth = 0): Record<string, unknown> {
  const c: Record<string, unknown> = {};
  const parts = 1 + Math.floor(random() * 3);
  for (let i = 0; i < parts; i++) {
    const r = random();
    if (depth < 2 && r < 0.15) c[pick(['$or', '$and', '$nor'])] = Array.from({ length: 1 + Math.floor(random() * 3) }, () => condition(depth + 1));
    else if (depth < 2 && r < 0.2) c.$not = condition(depth + 1);
    else {
      const name = pick(ATTRS);
      c[name] = valueCondition(name, depth);
    }
  }
  return c;
}

describe('SDK targeting', () => {
  it('includes exactly the units GrowthBook includes, for 3,000 valid conditions × 20 attribute sets', () => {
    let checked = 0;
    let matched = 0;
    for (let i = 0; i < 3_000; i++) {
      const c = condition();
      // Only conditions Verso accepts on save (a `null` value with nothing else is valid too).
      if (!targetingCondition.safeParse(c).success) continue;
      for (let j = 0; j < 20; j++) {
        const unitId = random() < 0.2 ? undefined : pick(VALUES.id!) as string;
        const attrs = attributes();
        const expected = serverIsTargeted(c, unitId, attrs);
        expect(isTargeted(c, unitId, attrs), JSON.stringify({ c, unitId, attrs })).toBe(expected);
        checked++;
        if (expected) matched++;
      }
    }
    // Enough cases, and both answers well represented: the comparison is not vacuous.
    expect(checked).toBeGreaterThan(30_000);
    expect(matched / checked).toBeGreaterThan(0.1);
    expect(matched / checked).toBeLessThan(0.9);
  });

  it('matches GrowthBook on hand-picked edges', () => {
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ seats: 10 }, { seats: '10' }],
      [{ seats: { $gte: 10 } }, { seats: '9' }],
      [{ beta: false }, {}],
      [{ beta: true }, { beta: 'yes' }],
      [{ plan: null }, {}],
      [{ plan: { $ini: ['PRO'] } }, { plan: 'pro' }],
      [{ app: { $vgt: '1.2.0' } }, { app: '1.10.0' }],
      [{ app: { $vlt: '2.0.0' } }, { app: 'v2.0.0-rc.1' }],
      [{ $or: [] }, {}],
      [{ $nor: [{ country: 'DE' }] }, { country: 'DE' }],
      [{ country: { $not: { $in: ['DE'] } } }, {}],
      [{ country: { $exists: false } }, { country: '' }],
      [{ country: { $type: 'undefined' } }, {}],
    ];
    for (const [c, attrs] of cases) expect(evalCondition(attrs, c), JSON.stringify([c, attrs])).toBe(growthbook(attrs, c as ConditionInterface));
    expect(paddedVersionString('1.2.3')).toBe('    1-    2-    3-~');
  });

  it('matches nobody for an operator Verso refuses (it never reaches a snapshot)', () => {
    expect(targetingCondition.safeParse({ plan: { $regex: '^p' } }).success).toBe(false);
    expect(isTargeted({ plan: { $regex: '^p' } }, 'u', { plan: 'pro' })).toBe(false);
    expect(isTargeted({ $savedGroup: { id: 'g' } }, 'u', {})).toBe(false);
  });
});
