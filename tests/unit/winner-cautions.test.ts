import { describe, expect, it } from 'vitest';
import { winnerCautions } from '@/components/experiments/winner-cautions';

const variant = (key: string, executions: number, target = 2000) => ({ key, version: 1, control: key === 'control', weight: 1, executions, target, reached: executions >= target });

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

  it('warns when the results back another variant, even with the sample reached', () => {
    const results = {
      variants: [variant('control', 2500), variant('b', 2500)],
      recommendation: { verdict: 'ship' as const, winner: 'b', text: 'ready to ship b.' },
    };
    expect(winnerCautions(results, 'control')).toEqual(['The results do not recommend shipping control: ready to ship b.']);
    expect(winnerCautions(results, 'b')).toEqual([]);
  });

  it('says nothing against keeping the control when every treatment is worse', () => {
    const results = {
      variants: [variant('control', 2500), variant('b', 2500)],
      recommendation: { verdict: 'keep_control' as const, winner: 'control', text: 'keep control.' },
    };
    expect(winnerCautions(results, 'control')).toEqual([]);
  });
});
