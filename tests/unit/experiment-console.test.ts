import { describe, expect, it } from 'vitest';
import { cumulativeSeries } from '@/components/experiments/cumulative';
import { emptyDraft, parseDraft, restartKey, weightShares, type ExperimentDraft } from '@/components/experiments/experiment-draft';
import { leadingVariant } from '@/components/experiments/leading-variant';
import { analyse } from '@/lib/experiments/results';
import type { ExperimentView } from '@/lib/experiments/views';

const prompt = { name: 'support/reply', latestVersion: 3, labels: { production: 2, latest: 3 } };

function filled(patch: Partial<ExperimentDraft> = {}): ExperimentDraft {
  return { ...emptyDraft(prompt), key: 'tone', name: 'Tone', ...patch };
}

describe('the create form', () => {
  it('starts with the control on production and the challenger on the latest version', () => {
    const draft = emptyDraft(prompt);
    expect(draft.variants.map((v) => [v.key, v.version])).toEqual([
      ['control', '2'],
      ['b', '3'],
    ]);
  });

  it('turns what was typed into the service input: percentages to shares, the control flag, the model override', () => {
    const draft = filled({ coverage: '50', control: 1, guardrails: [{ name: 'latency_ms', type: 'continuous', direction: 'decrease', tolerance: '10' }] });
    draft.variants[0] = { ...draft.variants[0]!, override: true, model: 'gpt-4o', temperature: '0.2' };
    const parsed = parseDraft(draft);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.input.coverage).toBe(0.5);
    expect(parsed.input.guardrailMetrics[0]!.tolerance).toBeCloseTo(0.1);
    expect(parsed.input.variants.map((v) => v.control)).toEqual([false, true]);
    expect(parsed.input.variants[0]!.modelConfig).toEqual({ model: 'gpt-4o', temperature: 0.2 });
    expect(parsed.input.variants[1]!.modelConfig).toBeUndefined();
  });

  it('names the fields it refuses, with the same paths the server uses', () => {
    const draft = filled({ key: 'Not A Key', alpha: '0.7' });
    draft.variants[1] = { ...draft.variants[1]!, weight: '0', key: 'control' };
    const parsed = parseDraft(draft);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors)).toEqual(expect.arrayContaining(['key', 'alpha', 'variants.1.weight', 'variants']));
    expect(parsed.errors['variants.1.weight']).toBe('The weight must be positive.');
  });

  it('shows each weight as a share of traffic and refuses weights that are not positive', () => {
    const variants = filled().variants;
    expect(weightShares([{ ...variants[0]!, weight: '1' }, { ...variants[1]!, weight: '3' }]).shares).toEqual([0.25, 0.75]);
    const bad = weightShares([{ ...variants[0]!, weight: '-1' }, { ...variants[1]!, weight: 'x' }]);
    expect(bad.shares).toEqual([null, null]);
    expect(bad.problem).toContain('control, b');
  });

  it('suggests a fresh key when restarting an experiment', () => {
    expect(restartKey('tone')).toBe('tone-2');
    expect(restartKey('tone-2')).toBe('tone-3');
  });
});

const experiment: ExperimentView = {
  key: 'tone',
  name: 'Tone',
  hypothesis: '',
  prompt: 'support/reply',
  status: 'running',
  variants: [
    { key: 'control', version: 2, weight: 1, control: true, modelConfig: null },
    { key: 'b', version: 3, weight: 1, control: false, modelConfig: null },
  ],
  coverage: 1,
  salt: 'tone',
  primaryMetric: { name: 'conversion', type: 'binary', direction: 'increase' },
  guardrailMetrics: [],
  minSampleSize: 100,
  alpha: 0.05,
  method: 'frequentist',
  winner: null,
  createdBy: 'admin',
  createdAt: '2026-01-01T00:00:00.000Z',
  startedAt: '2026-01-01T00:00:00.000Z',
  stoppedAt: null,
};

describe('the results views', () => {
  it('cumulates the primary metric per variant over time, counting executions without a value as 0 for binary metrics', () => {
    const points = [
      { bucket: '2026-01-01T00:00:00.000Z', variant: 'control', n: 100, valued: 10, sum: 10, positives: 10 },
      { bucket: '2026-01-01T00:00:00.000Z', variant: 'b', n: 100, valued: 20, sum: 20, positives: 20 },
      { bucket: '2026-01-01T01:00:00.000Z', variant: 'control', n: 100, valued: 30, sum: 30, positives: 30 },
    ];
    const rows = cumulativeSeries({ bucket: 'hour', points }, ['control', 'b'], 'binary');
    expect(rows).toEqual([
      { bucket: '2026-01-01T00:00:00.000Z', control: 0.1, b: 0.2 },
      { bucket: '2026-01-01T01:00:00.000Z', control: 0.2, b: 0.2 },
    ]);
    const means = cumulativeSeries({ bucket: 'hour', points }, ['control', 'b'], 'continuous');
    expect(means[1]).toEqual({ bucket: '2026-01-01T01:00:00.000Z', control: 1, b: 1 });
  });

  it('names the variant ahead on the primary metric, and no one when nothing was reported', () => {
    const aggregates = (b: number) => [
      { variant: 'control', metric: null, n: 1000, positives: 0, sum: 0, sumSquares: 0 },
      { variant: 'b', metric: null, n: 1000, positives: 0, sum: 0, sumSquares: 0 },
      { variant: 'control', metric: 'conversion', n: 100, positives: 100, sum: 100, sumSquares: 100 },
      { variant: 'b', metric: 'conversion', n: b, positives: b, sum: b, sumSquares: b },
    ];
    expect(leadingVariant(analyse(experiment, aggregates(150)))).toMatchObject({ variant: 'b', significant: true, declared: false });
    expect(leadingVariant(analyse({ ...experiment, primaryMetric: { ...experiment.primaryMetric, direction: 'decrease' } }, aggregates(150)))).toMatchObject({
      variant: 'control',
    });
    expect(leadingVariant(analyse(experiment, aggregates(150).slice(0, 2)))).toBeNull();
    expect(leadingVariant(analyse({ ...experiment, winner: 'control' }, aggregates(150)))).toMatchObject({ variant: 'control', declared: true });
  });
});
