import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  disagreeingEvaluators,
  interval,
  isLive,
  passDisagreement,
  progressShare,
  runModel,
  runTitle,
  scoreCell,
  sideBySide,
  signedMs,
  signedUsd,
  summaryText,
} from '@/components/evals/eval-figures';
import { evaluatorSpecs, freeName, modelOfKey, newEvaluator, selectorOf } from '@/components/evals/evaluator-draft';
import { comparePath, evalRunPath, newRunPath } from '@/components/evals/paths';
import { RunProgress } from '@/components/evals/run-progress';
import { newEvalRunInput, type EvalResultView } from '@/lib/evals/schemas';

const result = (position: number, scores: EvalResultView['scores'], extra: Partial<EvalResultView> = {}): EvalResultView => ({
  position,
  variables: { question: `q${position}` },
  expected: `a${position}`,
  executionId: '00000000-0000-7000-8000-000000000000',
  status: 'success',
  output: `a${position}`,
  latencyMs: 10,
  costUsd: '0.000001',
  scores,
  composite: null,
  error: null,
  ...extra,
});
const pass = { score: 1, pass: true };
const fail = { score: 0, pass: false };

describe('a run’s progress', () => {
  it('is the share of items done, and an empty run is done', () => {
    expect(progressShare({ total: 8, done: 2, succeeded: 2, failed: 0 })).toBe(0.25);
    expect(progressShare({ total: 0, done: 0, succeeded: 0, failed: 0 })).toBe(1);
    expect(progressShare({ total: 4, done: 9, succeeded: 9, failed: 0 })).toBe(1);
  });

  it('is drawn as a progress bar with the count and the failures named', () => {
    const html = renderToStaticMarkup(createElement(RunProgress, { progress: { total: 8, done: 3, succeeded: 2, failed: 1 } }));
    expect(html).toContain('aria-valuenow="3"');
    expect(html).toContain('aria-valuemax="8"');
    expect(html).toContain('width:37.5%');
    expect(html).toContain('3 / 8');
    expect(html).toContain('1 failed');
  });

  it('refreshes only while queued or running', () => {
    expect(['queued', 'running', 'completed', 'cancelled', 'failed'].filter((s) => isLive(s as never))).toEqual(['queued', 'running']);
  });
});

describe('a run’s names', () => {
  it('shows the override’s model before the version’s, and a name before prompt and version', () => {
    expect(runModel({ modelConfig: { provider: 'openai', model: 'gpt-4o-mini' }, modelOverride: null })).toBe('openai/gpt-4o-mini');
    expect(runModel({ modelConfig: { provider: 'openai', model: 'gpt-4o-mini' }, modelOverride: { model: 'gpt-4o' } })).toBe('openai/gpt-4o');
    expect(runModel({ modelConfig: {}, modelOverride: null })).toBe('default model');
    expect(runTitle({ name: '', prompt: 'support/reply', version: 3 })).toBe('support/reply v3');
    expect(runTitle({ name: ' shorter ', prompt: 'support/reply', version: 3 })).toBe('shorter');
  });
});

describe('a score cell', () => {
  it('is a pass/fail badge, a number, an error or a dash', () => {
    expect(scoreCell(pass)).toEqual({ tone: 'pass', text: 'pass' });
    expect(scoreCell(fail)).toEqual({ tone: 'fail', text: 'fail' });
    expect(scoreCell({ score: 4, pass: true })).toEqual({ tone: 'pass', text: 'pass 4' });
    expect(scoreCell({ score: 0.62, pass: false })).toEqual({ tone: 'fail', text: 'fail 0.62' });
    expect(scoreCell({ score: 0.875, pass: null })).toEqual({ tone: 'score', text: '0.875' });
    expect(scoreCell({ score: null, pass: null, error: 'judge timed out' })).toEqual({ tone: 'error', text: 'error' });
    expect(scoreCell(undefined)).toEqual({ tone: 'none', text: '—' });
  });

  it('summarises an evaluator by pass rate, and by mean when that says more', () => {
    expect(summaryText({ name: 'exact', n: 8, mean: 0.75, passRate: 0.75 })).toBe('75.0% pass');
    expect(summaryText({ name: 'judge', n: 8, mean: 3.5, passRate: 0.5 })).toBe('50.0% pass · mean 3.5');
    expect(summaryText({ name: 'composite', n: 8, mean: 0.8125, passRate: null })).toBe('mean 0.8125');
    expect(summaryText({ name: 'x', n: 0, mean: null, passRate: null })).toBe('—');
  });
});

describe('comparison figures', () => {
  it('write intervals and differences with their sign and unit', () => {
    expect(interval([-0.125, 0.03])).toBe('[-0.125, +0.03]');
    expect(interval(null)).toBe('—');
    expect(signedMs(-12.4)).toBe('-12 ms');
    expect(signedMs(250)).toBe('+250 ms');
    expect(signedUsd(0.00123)).toBe('+$0.00123');
    expect(signedUsd(0.00000225)).toBe('+$0.00000225');
    expect(signedUsd(1234.5678)).toBe('+$1,235');
    expect(signedUsd(-12.5)).toBe('−$12.5');
    expect(signedUsd(0)).toBe('$0');
    expect(signedUsd(null)).toBe('—');
  });

  it('line the runs’ items up by position, with a gap where a run has no result', () => {
    const rows = sideBySide([
      [result(2, { exact: pass }), result(1, { exact: pass })],
      [result(1, { exact: fail })],
    ]);
    expect(rows.map((r) => r.position)).toEqual([1, 2]);
    expect(rows[1]!.results[1]).toBeUndefined();
    expect(disagreeingEvaluators(rows[0]!, ['exact'])).toEqual(['exact']);
    // A run that did not score the item has no say.
    expect(disagreeingEvaluators(rows[1]!, ['exact'])).toEqual([]);
  });

  it('count a disagreement only between a pass and a fail', () => {
    expect(passDisagreement([pass, pass])).toBe(false);
    expect(passDisagreement([pass, fail])).toBe(true);
    expect(passDisagreement([{ score: 0.5, pass: null }, fail])).toBe(false);
    expect(passDisagreement([undefined, fail, { score: null, pass: null, error: 'x' }])).toBe(false);
  });
});

describe('the evaluator builder', () => {
  it('names a new evaluator after its type, numbered when the name is taken', () => {
    expect(freeName('json_valid', [])).toBe('json-valid');
    expect(freeName('exact', ['exact', 'exact-2'])).toBe('exact-3');
  });

  it('turns each type’s fields into input the service accepts', () => {
    const rows = (['exact', 'contains', 'regex', 'json_valid', 'json_schema', 'numeric', 'length', 'levenshtein', 'latency', 'cost', 'judge'] as const).map((t, i) => {
      const d = newEvaluator(t, []);
      d.name = `${d.name}-${i}`;
      return d;
    });
    rows[2]!.pattern = '^\\w+$';
    rows[6]!.max = '200';
    rows[10]!.judgePrompt = 'judges/correctness';
    rows[10]!.judgeTarget = 'version:2';
    rows[10]!.scale = '1-5';
    rows[10]!.passAt = '4';
    rows[10]!.judgeModel = 'openai/gpt-4o-mini';
    const built = evaluatorSpecs(rows);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.specs[6]).toEqual({ name: 'length-6', weight: 1, type: 'length', max: 200 });
    expect(built.specs[10]).toEqual({
      name: 'judge-10',
      weight: 1,
      type: 'judge',
      prompt: 'judges/correctness',
      version: 2,
      model: { provider: 'openai', model: 'gpt-4o-mini' },
      scale: '1-5',
      passAt: 4,
    });
    const parsed = newEvalRunInput.safeParse({ dataset: 'golden', prompt: 'support/reply', evaluators: built.specs });
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('refuses half-typed numbers and bad JSON on the field, keyed as the service keys its issues', () => {
    const numeric = newEvaluator('numeric', []);
    numeric.absolute = '0.1x';
    const schema = newEvaluator('json_schema', []);
    schema.schema = '{ "type": ';
    const length = newEvaluator('length', []);
    const judge = newEvaluator('judge', []);
    const built = evaluatorSpecs([numeric, schema, length, judge]);
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.errors).toEqual({
      'evaluators.0.absolute': 'Not a number.',
      'evaluators.1.schema': 'Not valid JSON.',
      'evaluators.2.min': 'Give a minimum, a maximum or both.',
      'evaluators.3.prompt': 'Pick the judge prompt.',
    });
  });

  it('drops the pass threshold of a binary judge, and reads label and version selections', () => {
    const judge = newEvaluator('judge', []);
    judge.judgePrompt = 'judge';
    judge.passAt = '3';
    const built = evaluatorSpecs([judge]);
    expect(built.ok && built.specs[0]).toMatchObject({ scale: 'binary', label: 'production' });
    expect(built.ok && 'passAt' in built.specs[0]!).toBe(false);
    expect(selectorOf('label:staging')).toEqual({ label: 'staging' });
    expect(selectorOf('version:12')).toEqual({ version: 12 });
    expect(selectorOf('version:x')).toEqual({ label: 'x' });
    expect(modelOfKey('openai-compatible/meta/llama-3')).toEqual({ provider: 'openai-compatible', model: 'meta/llama-3' });
    expect(modelOfKey('nomodel')).toBeUndefined();
  });
});

describe('eval links', () => {
  it('carry the runs in order and the filters', () => {
    expect(evalRunPath('a-b')).toBe('/evals/a-b');
    expect(comparePath(['r1', 'r2', 'r3'])).toBe('/evals/compare?runs=r1,r2,r3');
    expect(newRunPath({ prompt: 'support/reply', dataset: 'golden' })).toBe('/evals/new?prompt=support%2Freply&dataset=golden');
    expect(newRunPath({ dataset: 'golden' })).toBe('/evals/new?dataset=golden');
  });
});
