import { describe, expect, it } from 'vitest';
import { draftBody, emptyDraft, parseModelConfig } from '@/components/prompt-editor/draft';
import { defaultModelChoice } from '@/lib/models/default-model';
import { createPrompt } from '@/lib/prompts/registry';
import { newPromptInput } from '@/lib/prompts/schemas';
import { admin } from '../support/actors';
import { callApi, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { setEnv, withFakeOpenAI } from '../support/model-env';

// A prompt made in the console's new-prompt form without touching the model section must name
// a real model: the gateway refuses (400) a prompt that has none.

withTestDatabase();
const keys = withApiKeys();
const fake = withFakeOpenAI();

/** What the new-prompt page saves when the author writes a template and nothing else. */
async function saveUntouchedNewPrompt(name: string) {
  const draft = { ...emptyDraft('text', await defaultModelChoice()), template: 'Say hello.' };
  const { config, errors } = parseModelConfig(draft.modelConfig);
  expect(errors).toEqual({});
  return createPrompt(admin, newPromptInput.parse({ name, ...draftBody(draft), modelConfig: config, labels: ['production'] }));
}

describe('the new-prompt form', () => {
  it('starts with a real model, so a prompt saved as it comes serves through the gateway', async () => {
    const saved = await saveUntouchedNewPrompt('untouched');
    expect(saved.modelConfig).toEqual({ provider: 'openai', model: 'gpt-4o-mini' });

    const answer = await callApi('createChatCompletion', {
      key: keys.service,
      body: { model: 'prompt:untouched', messages: [] },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.choices[0].message.content).toBe('echo: Say hello.');
    expect(fake.requests.at(-1)?.body.model).toBe('gpt-4o-mini');
  });

  it('starts with a model of a provider that has its key set', async () => {
    const undo = setEnv({ OPENAI_API_KEY: undefined, ANTHROPIC_API_KEY: 'sk-ant-test' });
    try {
      expect(await defaultModelChoice()).toMatchObject({ provider: 'anthropic' });
    } finally {
      undo();
    }
  });
});
