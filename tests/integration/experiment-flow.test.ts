import { describe, expect, it } from 'vitest';
import { createExperiment, declareWinner, transitionExperiment } from '@/lib/experiments/experiments';
import { experimentResults } from '@/lib/experiments/results';
import { newExperimentInput } from '@/lib/experiments/schemas';
import { recordMetrics } from '@/lib/executions/outcomes';
import { resolvePrompt } from '@/lib/executions/resolve';
import { resolveInput } from '@/lib/executions/schemas';
import { moveLabel } from '@/lib/prompts/labels';
import { createPrompt, createVersion, getVersion } from '@/lib/prompts/registry';
import { newPromptInput, newVersionInput } from '@/lib/prompts/schemas';
import { admin, editor } from '../support/actors';
import { withTestDatabase } from '../support/db';

withTestDatabase();

describe('an experiment from start to winner', () => {
  it('assigns sticky variants, measures outcomes and deploys the winner', async () => {
    await createPrompt(editor, newPromptInput.parse({ name: 'pitch', template: 'Buy {{ item }}' }));
    await createVersion(editor, 'pitch', newVersionInput.parse({ template: 'You will love {{ item }}' }));
    await moveLabel(admin, 'pitch', 'production', 1);
    await createExperiment(
      editor,
      newExperimentInput.parse({
        key: 'pitch-test',
        name: 'Pitch test',
        prompt: 'pitch',
        variants: [
          { key: 'control', version: 1, weight: 1, control: true },
          { key: 'b', version: 2, weight: 1 },
        ],
        primaryMetric: { name: 'conversion', type: 'binary', direction: 'increase' },
        minSampleSize: 100,
      }),
    );
    await transitionExperiment(admin, 'pitch-test', 'start');

    const first = await resolvePrompt('pitch', resolveInput.parse({ unitId: 'user-1', variables: { item: 'tea' } }));
    const again = await resolvePrompt('pitch', resolveInput.parse({ unitId: 'user-1', variables: { item: 'tea' } }));
    expect(again.experiment).toEqual(first.experiment);
    expect(first.text).toBe(first.experiment!.variant === 'b' ? 'You will love tea' : 'Buy tea');

    const items = [];
    for (let i = 0; i < 600; i++) {
      const r = await resolvePrompt('pitch', resolveInput.parse({ unitId: `u${i}`, variables: { item: 'tea' } }));
      const rate = r.experiment!.variant === 'b' ? 0.3 : 0.1;
      items.push({ executionId: r.executionId, name: 'conversion', value: (i * 7919) % 100 < rate * 100 ? 1 : 0 });
    }
    await recordMetrics(items);
    const results = await experimentResults('pitch-test');
    // user-1 called twice: one unit, two executions. Sequential by default, tuned to the plan.
    expect(results.variants.reduce((n, v) => n + v.units, 0)).toBe(601);
    expect(results.variants.reduce((n, v) => n + v.executions, 0)).toBe(602);
    expect(results.analysis).toMatchObject({ population: 'units', method: 'sequential', peekingSafe: true, tuningParameter: 200 });
    const comparison = results.metrics[0]!.comparisons[0]!;
    expect(comparison.variant).toBe('b');
    expect(comparison.better).toBe(true);
    expect(results.recommendation.verdict).toBe('ship');

    await declareWinner(admin, 'pitch-test', 'b');
    expect((await getVersion('pitch')).view.version).toBe(2);
  });
});
