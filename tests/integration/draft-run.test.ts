// Running an unsaved template from the playground: rendered in the sandbox, sent to the model
// (a fake OpenAI on 127.0.0.1), priced from the catalog, and never recorded as an execution.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { draftRunInput, runDraft } from '@/lib/executions/draft-run';
import { createPrompt } from '@/lib/prompts/registry';
import { newPromptInput } from '@/lib/prompts/schemas';
import { admin, editor, viewer } from '../support/actors';
import { withTestDatabase } from '../support/db';
import { withFakeOpenAI } from '../support/model-env';
import { givenPrompt, uniqueName } from '../support/prompts';

withTestDatabase();

// Anthropic stays unconfigured: a column on Claude must fail alone.
const fake = withFakeOpenAI({ ANTHROPIC_API_KEY: undefined });


const executionCount = async () => {
  const result = await getDb().execute(sql`select count(*)::int as n from executions`);
  const rows = Array.isArray(result) ? result : (result as unknown as { rows: { n: number }[] }).rows;
  return Number((rows[0] as { n: number }).n);
};

const draft = (name: string, overrides: Record<string, unknown> = {}) =>
  draftRunInput.parse({
    name,
    from: 1,
    body: { type: 'text', template: 'Hello {{ name }}' },
    variables: { name: 'Ada' },
    model: { provider: 'openai', model: 'gpt-4o-mini' },
    ...overrides,
  });

describe('running a draft', () => {
  it('answers with the output, the usage and the catalog cost, and writes no execution', async () => {
    const name = await givenPrompt(uniqueName('draft'));
    const before = await executionCount();

    const result = await runDraft(editor, draft(name));

    // The fake echoes the last user message and counts words: 2 tokens in, 3 out.
    // gpt-4o-mini costs $0.15 per million input tokens and $0.60 per million output tokens.
    expect(result).toMatchObject({
      executionId: null,
      version: null,
      output: 'echo: Hello Ada',
      usage: { inputTokens: 2, outputTokens: 3 },
      costUsd: '0.0000021000',
    });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(fake.requests.at(-1)?.body).toMatchObject({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello Ada' }] });
    expect(await executionCount()).toBe(before);
  });

  it('sends a chat draft as its messages, with the base version’s model parameters', async () => {
    const name = uniqueName('draft-chat');
    await createPrompt(admin, newPromptInput.parse({ name, messages: [{ role: 'user', content: '{{ q }}' }], modelConfig: { provider: 'openai', model: 'gpt-4o', temperature: 0.3 } }));
    const result = await runDraft(
      editor,
      draft(name, {
        body: { type: 'chat', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Question: {{ q }}' }] },
        variables: { q: 'why?' },
      }),
    );
    expect(result.output).toBe('echo: Question: why?');
    expect(fake.requests.at(-1)?.body).toMatchObject({
      temperature: 0.3,
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Question: why?' }],
    });
  });

  it('returns a template error with its line and column, before calling the model', async () => {
    const name = await givenPrompt(uniqueName('draft-bad'));
    const failure = await runDraft(editor, draft(name, { body: { type: 'text', template: 'Line one\nHello {{ name ' } })).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'invalid', details: { line: 2, column: 7 } });
    expect(fake.requests).toHaveLength(0);
  });

  it('names the variables the draft needs and nobody gave', async () => {
    const name = await givenPrompt(uniqueName('draft-missing'));
    const failure = await runDraft(editor, draft(name, { body: { type: 'text', template: '{{ name }} and {{ topic }}' } })).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'missing_variables', details: { missing: ['topic'] } });
  });

  it('says which variable configures a provider that is not set up', async () => {
    const name = await givenPrompt(uniqueName('draft-unconfigured'));
    const failure = await runDraft(editor, draft(name, { model: { provider: 'anthropic', model: 'claude-haiku-4-5' } })).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'provider_not_configured', message: 'The Anthropic provider is not configured: set ANTHROPIC_API_KEY.' });
  });

  it('refuses a viewer, since calling a model costs money', async () => {
    const name = await givenPrompt(uniqueName('draft-viewer'));
    await expect(runDraft(viewer, draft(name))).rejects.toMatchObject({ code: 'forbidden' });
    expect(fake.requests).toHaveLength(0);
  });
});
