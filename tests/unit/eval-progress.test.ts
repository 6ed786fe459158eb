import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressReporter } from '@/lib/cli/eval-progress';
import { evaluatorsFromShorthand } from '@/lib/cli/evaluator-args';
import { UsageError } from '@/lib/cli/command';

const stream = (isTTY: boolean) => {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream };
};
const at = (done: number, failed = 0) => ({ total: 100, done, succeeded: done - failed, failed });

afterEach(() => {
  vi.useRealTimers();
});

describe('the eval run progress bar', () => {
  it('redraws one line on a terminal, with failures and the time left', () => {
    vi.useFakeTimers({ now: 0 });
    const { written, stream: s } = stream(true);
    const bar = progressReporter(s);
    bar.update(at(0));
    vi.setSystemTime(12_000);
    bar.update(at(37, 2));
    bar.finish();
    // 37 items in 12 s: 63 left take about 20 s.
    expect(written).toEqual(['\r[..............................] 0/100\u001b[K', '\r[###########...................] 37/100  2 failed  ETA 20s\u001b[K', '\n']);
  });

  it('writes a line each tenth when the output is not a terminal', () => {
    const { written, stream: s } = stream(false);
    const bar = progressReporter(s);
    for (let done = 0; done <= 100; done += 3) bar.update(at(done));
    bar.update(at(100));
    bar.finish();
    expect(written.map((l) => l.split(']')[1]!.trim().split(' ')[0])).toEqual(['0/100', '12/100', '21/100', '30/100', '42/100', '51/100', '60/100', '72/100', '81/100', '90/100', '100/100']);
    expect(written.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
  });
});

describe('--evaluator shorthands', () => {
  it('reads every shorthand, naming repeats apart', () => {
    expect(evaluatorsFromShorthand(['exact', 'contains', 'json_valid', 'levenshtein', 'levenshtein:0.9', 'regex:^(yes|no)$', 'judge:judges/helpful:1-5'])).toEqual([
      { type: 'exact', name: 'exact' },
      { type: 'contains', name: 'contains' },
      { type: 'json_valid', name: 'json_valid' },
      { type: 'levenshtein', name: 'levenshtein' },
      { type: 'levenshtein', name: 'levenshtein-2', threshold: 0.9 },
      { type: 'regex', name: 'regex', pattern: '^(yes|no)$' },
      { type: 'judge', name: 'judge', prompt: 'judges/helpful', scale: '1-5' },
    ]);
  });

  it('refuses what it cannot read, as a usage error', () => {
    for (const bad of ['bogus', 'exact:x', 'levenshtein:high', 'regex:', 'judge:helpful', 'judge:helpful:1-10']) {
      expect(() => evaluatorsFromShorthand([bad]), bad).toThrow(UsageError);
    }
  });
});
