import { describe, expect, it } from 'vitest';
import * as server from '@/lib/experiments/assignment';
import { assignVariant as serverAssign, type ServingExperiment } from '@/lib/experiments/serving';
import * as sdk from '../../sdk/src/assignment';
import { assignVariant as sdkAssign } from '../../sdk/src/verso';
import type { SnapshotExperiment } from '../../sdk/src/types';

// The SDK assigns locally and must put every unit where the server's resolve puts it. The server
// assigns with the SDK's own assignment.ts (one file), and the server's and the SDK's full paths
// (snapshot shape, ranges, targeting) are run side by side for 10,000 units per configuration.

const UNITS = Array.from({ length: 10_000 }, (_, i) => (i % 3 === 0 ? `user-${i}` : i % 3 === 1 ? `${i * 7919}` : `ü-${i}-✓@example.com`));

const configs = [
  { name: 'two equal, full coverage', weights: [1, 1], coverage: 1 },
  { name: 'three unequal', weights: [5, 3, 2], coverage: 1 },
  { name: 'half coverage', weights: [1, 1], coverage: 0.5 },
  { name: 'four, 37% coverage, odd weights', weights: [0.1, 0.2, 0.3, 0.4], coverage: 0.37 },
  { name: 'one variant takes 99%', weights: [99, 1], coverage: 0.9 },
];

describe('SDK assignment', () => {
  it('is the code the server assigns with, not a copy', () => {
    expect(Object.keys(server).sort()).toEqual(Object.keys(sdk).sort());
    for (const name of Object.keys(sdk) as (keyof typeof sdk)[]) expect(server[name], name).toBe(sdk[name]);
  });

  it('hashes like the server and like GrowthBook’s reference values', () => {
    // GrowthBook's hash v2 test vectors (its cases.json).
    expect(sdk.hash('seed', 'a')).toBe(0.0505);
    expect(sdk.hash('foo', 'def')).toBe(0.2019);
    expect(sdk.hash('()**(%$##$%#$#', '___)((*":&')).toBe(0.0128);
    for (const id of UNITS) expect(sdk.hash('salt-1', id)).toBe(server.hash('salt-1', id));
  });

  it.each(configs)('puts 10,000 units in the same variant as the server: $name', ({ weights, coverage }) => {
    const normalised = sdk.normaliseWeights(weights);
    expect(normalised).toEqual(server.normaliseWeights(weights));
    const ranges = sdk.getBucketRanges(weights.length, coverage, normalised);
    expect(ranges).toEqual(server.getBucketRanges(weights.length, coverage, server.normaliseWeights(weights)));

    const variants = weights.map((weight, i) => ({ key: `v${i}`, version: i + 1, weight, control: i === 0, modelConfig: {} }));
    const onServer: ServingExperiment = { id: 'x', key: 'exp', salt: 'exp-salt', coverage, targeting: null, variants, ranges };
    const inSdk: SnapshotExperiment = {
      key: 'exp',
      seed: 'exp-salt',
      hashVersion: 2,
      coverage,
      weights: normalised,
      ranges,
      targeting: null,
      variants: variants.map(({ weight: _, ...v }) => v),
    };
    const counts = new Map<string | null, number>();
    for (const id of UNITS) {
      const expected = serverAssign(onServer, id)?.key ?? null;
      expect(sdkAssign(inSdk, id)?.key ?? null).toBe(expected);
      counts.set(expected, (counts.get(expected) ?? 0) + 1);
    }
    // The split follows the weights and coverage (within 3 points), so the comparison is not vacuous.
    const outside = counts.get(null) ?? 0;
    expect(Math.abs(outside / UNITS.length - (1 - coverage))).toBeLessThan(0.03);
    normalised.forEach((w, i) => expect(Math.abs((counts.get(`v${i}`) ?? 0) / UNITS.length - w * coverage)).toBeLessThan(0.03));
  });

  it('builds the ranges itself when a snapshot has none of the right length', () => {
    const experiment: SnapshotExperiment = {
      key: 'e',
      seed: 's',
      hashVersion: 2,
      coverage: 0.8,
      weights: [0.25, 0.75],
      ranges: [],
      targeting: null,
      variants: [
        { key: 'a', version: 1, control: true, modelConfig: {} },
        { key: 'b', version: 2, control: false, modelConfig: {} },
      ],
    };
    const ranges = server.getBucketRanges(2, 0.8, [0.25, 0.75]);
    for (const id of UNITS.slice(0, 2_000)) {
      const index = server.chooseVariant(server.hash('s', id), ranges);
      expect(sdkAssign(experiment, id)?.key ?? null).toBe(index < 0 ? null : ['a', 'b'][index]);
    }
  });
});
