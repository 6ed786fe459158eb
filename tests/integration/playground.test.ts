// The playground's Run: every column at once against a fake OpenAI. Saved versions are recorded
// like any run (source `playground`, pinned, outside any experiment); a failing column fails alone.
import { describe, expect, it } from 'vitest';
import { playgroundRunInput, runPlayground } from '@/lib/executions/playground';
import { editor, viewer } from '../support/actors';
import { withTestDatabase } from '../support/db';
import { executionRow, givenExperiment, uniqueKey } from '../support/experiments';
import { withFakeOpenAI } from '../support/model-env';
import { givenPrompt, uniqueName } from '../support/prompts';

withTestDatabase();

// Anthropic stays unconfigured: a column on Claude must fail alone.
const fake = withFakeOpenAI({ ANTHROPIC_API_KEY: undefined });

const openai = (model: string) => ({ provider: 'openai', model });

describe('running the playground', () => {
  it('runs each column with the same variables; a failing column does not affect the others', async () => {
    const name = await givenPrompt(uniqueName('play'), { versions: 2 });
    // A running experiment would assign variants; the playground pins the version instead.
    await givenExperiment(uniqueKey('play'), name, {}, { start: true });

    const outcomes = await runPlayground(
      editor,
      playgroundRunInput.parse({
        name,
        variables: { name: 'Ada' },
        columns: [
          { kind: 'version', version: 1, model: openai('gpt-4o-mini') },
          { kind: 'version', version: 2, model: openai('gpt-4o') },
          { kind: 'version', version: 2, model: { provider: 'anthropic', model: 'claude-haiku-4-5' } },
          { kind: 'draft', from: 2, body: { type: 'text', template: 'draft {{ name }}' }, model: openai('gpt-4o-mini') },
        ],
      }),
    );

    const [first, second, third, fourth] = outcomes;
    // gpt-4o-mini: 2 tokens × $0.15/M + 3 × $0.60/M; gpt-4o: 2 × $2.50/M + 3 × $10/M.
    expect(first).toMatchObject({ ok: true, version: 1, output: 'echo: v1 Ada', usage: { inputTokens: 2, outputTokens: 3 }, costUsd: '0.0000021000' });
    expect(second).toMatchObject({ ok: true, version: 2, output: 'echo: v2 Ada', costUsd: '0.0000350000' });
    expect(third).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'provider_not_configured', message: 'The Anthropic provider is not configured: set ANTHROPIC_API_KEY.' }),
    });
    expect(fourth).toMatchObject({ ok: true, executionId: null, version: null, output: 'echo: draft Ada' });

    for (const [outcome, version, model] of [[first, 1, 'gpt-4o-mini'], [second, 2, 'gpt-4o']] as const) {
      if (!outcome?.ok || !outcome.executionId) throw new Error('expected a recorded run');
      expect(await executionRow(outcome.executionId)).toMatchObject({
        source: 'playground',
        status: 'success',
        version,
        model,
        experimentId: null,
        variant: null,
        unitId: null,
        output: outcome.output,
        costUsd: outcome.costUsd,
      });
    }
  });

  it('reports a missing variable per column', async () => {
    const name = await givenPrompt(uniqueName('play-missing'));
    const [outcome] = await runPlayground(editor, playgroundRunInput.parse({ name, columns: [{ kind: 'version', version: 1, model: openai('gpt-4o-mini') }] }));
    expect(outcome).toMatchObject({ ok: false, error: { code: 'missing_variables', details: { missing: ['name'] } } });
  });

  it('refuses a viewer before calling anything', async () => {
    const name = await givenPrompt(uniqueName('play-viewer'));
    const before = fake.requests.length;
    const input = playgroundRunInput.parse({ name, variables: { name: 'x' }, columns: [{ kind: 'version', version: 1, model: openai('gpt-4o-mini') }] });
    await expect(runPlayground(viewer, input)).rejects.toMatchObject({ code: 'forbidden' });
    expect(fake.requests.length).toBe(before);
  });

  it('takes one to four columns', () => {
    const column = { kind: 'version', version: 1, model: openai('gpt-4o-mini') };
    expect(playgroundRunInput.safeParse({ name: 'p', columns: [] }).success).toBe(false);
    expect(playgroundRunInput.safeParse({ name: 'p', columns: Array(5).fill(column) }).success).toBe(false);
    expect(playgroundRunInput.safeParse({ name: 'p', columns: Array(4).fill(column) }).success).toBe(true);
  });
});
