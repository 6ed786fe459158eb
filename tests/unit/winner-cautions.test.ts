import { describe, expect, it } from 'vitest';
import { overrideNote, winnerCautions, winnerDeploy } from '@/components/experiments/winner-cautions';

const variant = (key: string, executions: number, target = 2000) => ({ key, version: 1, control: key === 'control', weight: 1, executions, target, reached: executions >= target });
/** As the results count now: the minimum sample is in units, executions ride along. */
const unitVariant = (key: string, units: number, target = 2000) => ({ key, version: 1, control: key === 'control', weight: 1, units, executions: units * 3, target, reached: units >= target });

describe('the winner dialog cautions', () => {
  it('warns that the minimum sample is not reached, naming each short variant in executions', () => {
    const cautions = winnerCautions(
      {
        variants: [variant('control', 1210), variant('orders', 2100)],
        recommendation: { verdict: 'keep_running', winner: 'orders', text: 'Keep it running.' },
      },
      'orders',
    );
    expect(cautions[0]).toBe('The minimum sample of 2,000 executions per variant is not reached (control has 1,210): a difference seen now may be noise.');
    expect(cautions[1]).toBe('The results do not recommend shipping orders: Keep it running.');
  });

  it('counts the minimum sample in units when the results carry units, not in executions', () => {
    const cautions = winnerCautions(
      {
        variants: [unitVariant('control', 1500), unitVariant('b', 900), unitVariant('c', 2400)],
        recommendation: { verdict: 'ship', winner: 'c', text: 'ship c.' },
      },
      'c',
    );
    expect(cautions).toEqual(['The minimum sample of 2,000 units per variant is not reached (control has 1,500, b has 900): a difference seen now may be noise.']);
  });

  it('warns when the verdict is not to ship, even with the sample reached', () => {
    for (const verdict of ['keep_running', 'inconclusive', 'check_setup'] as const) {
      const results = { variants: [unitVariant('control', 2500), unitVariant('b', 2500)], recommendation: { verdict, winner: null, text: `${verdict}.` } };
      expect(winnerCautions(results, 'b'), verdict).toEqual([`The results do not recommend shipping b: ${verdict}.`]);
      expect(winnerCautions(results, 'control'), verdict).toEqual([`The results do not recommend shipping control: ${verdict}.`]);
    }
  });

  it('warns when the results back another variant, even with the sample reached', () => {
    const results = {
      variants: [variant('control', 2500), variant('b', 2500)],
      recommendation: { verdict: 'ship' as const, winner: 'b', text: 'ready to ship b.' },
    };
    expect(winnerCautions(results, 'control')).toEqual(['The results do not recommend shipping control: ready to ship b.']);
    expect(winnerCautions(results, 'b')).toEqual([]);
  });

  it('says nothing against keeping the control when every treatment is worse, and warns against shipping a treatment', () => {
    const results = {
      variants: [variant('control', 2500), variant('b', 2500)],
      recommendation: { verdict: 'keep_control' as const, winner: 'control', text: 'keep control.' },
    };
    expect(winnerCautions(results, 'control')).toEqual([]);
    expect(winnerCautions(results, 'b')).toEqual(['The results do not recommend shipping b: keep control.']);
    // A keep_control verdict that names no winner still backs the control, and only the control.
    const unnamed = { ...results, recommendation: { ...results.recommendation, winner: null } };
    expect(winnerCautions(unnamed, 'control')).toEqual([]);
    expect(winnerCautions(unnamed, 'b')).toHaveLength(1);
  });
});

describe('the winner dialog on a model override', () => {
  const version = { provider: 'openai', model: 'gpt-4o', temperature: 0.7 };

  it('announces a new version with the merged model config when the override changes the model', () => {
    const deploy = winnerDeploy({ modelConfig: { model: 'gpt-4o-mini', temperature: 0.2 } }, version);
    expect(deploy).toEqual({ created: true, change: 'gpt-4o-mini, temperature 0.2', model: 'gpt-4o-mini' });
    expect(overrideNote('support-reply', { key: 'b', version: 3 }, deploy)).toBe(
      'b overrides the model config of v3 (gpt-4o-mini, temperature 0.2). Versions never change, so a new version of support-reply ' +
        'will be created: v3’s template with that model config, and production will point to the new version.',
    );
  });

  it('names only the keys that change, and the model it keeps when only a parameter changes', () => {
    const deploy = winnerDeploy({ modelConfig: { model: 'gpt-4o', temperature: 0 } }, version);
    expect(deploy).toEqual({ created: true, change: 'temperature 0', model: 'gpt-4o' });
  });

  it('says nothing when the variant has no override, or one that repeats its version’s config', () => {
    for (const modelConfig of [null, {}, { model: 'gpt-4o' }, { temperature: 0.7, provider: 'openai' }]) {
      const deploy = winnerDeploy({ modelConfig }, version);
      expect(deploy, JSON.stringify(modelConfig)).toEqual({ created: false });
      expect(overrideNote('p', { key: 'b', version: 3 }, deploy)).toBeNull();
    }
  });

  it('compares nested values by content, whatever their key order', () => {
    const base = { model: 'm', extra: { a: 1, b: [1, 2] } };
    expect(winnerDeploy({ modelConfig: { extra: { b: [1, 2], a: 1 } } }, base)).toEqual({ created: false });
    expect(winnerDeploy({ modelConfig: { extra: { b: [2, 1], a: 1 } } }, base)).toMatchObject({ created: true, change: 'extra {"b":[2,1],"a":1}' });
  });
});
