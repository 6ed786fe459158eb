// LLM judges against the fake OpenAI server: the judge is a Verso prompt, pinned to a version
// when the run is created, rendered with the item's input, output and expected value, asked
// through the real AI SDK client, and recorded as an execution of its own with its cost.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { insertExecutions } from '@/db/queries/executions';
import { VersoError } from '@/lib/api/errors';
import { pinEvaluators, scoreItem, type EvalContext } from '@/lib/evals/evaluators';
import { evaluatorSpec, type EvaluatorSpec } from '@/lib/evals/schemas';
import { newId } from '@/lib/ids';
import { createPrompt, createVersion } from '@/lib/prompts/registry';
import { newPromptInput, newVersionInput } from '@/lib/prompts/schemas';
import { admin } from '../support/actors';
import { withTestDatabase } from '../support/db';
import { withFakeOpenAI } from '../support/model-env';
import { uniqueName } from '../support/prompts';

withTestDatabase();
// Anthropic stays unconfigured: a judge on Claude is refused with 424.
const fake = withFakeOpenAI({ ANTHROPIC_API_KEY: undefined });

const GRADER = 'Question:\n{{ input }}\n\nAnswer:\n{{ output }}\n\nReference:\n{{ expected }}\n\nRate the answer from 1 to 5.';
const mini = { provider: 'openai', model: 'gpt-4o-mini' };

async function givenJudge(template = GRADER, modelConfig: Record<string, unknown> = mini, labels = ['production']) {
  const name = uniqueName('judge');
  await createPrompt(admin, newPromptInput.parse({ name, template, modelConfig, labels }));
  return name;
}

const judgeSpec = (input: Record<string, unknown>): EvaluatorSpec => evaluatorSpec.parse({ name: 'quality', type: 'judge', scale: '1-5', ...input });

const item = (over: Partial<EvalContext> = {}): EvalContext => ({
  input: 'user: What is the capital of France?',
  output: 'Paris',
  expected: 'Paris',
  variables: { question: 'What is the capital of France?' },
  latencyMs: 420,
  costUsd: '0.0000100000',
  runId: newId(),
  position: 0,
  ...over,
});

/** The judge answers by what it is shown: a different shape of answer per item. */
function scriptJudge() {
  fake.setScript(({ lastUser }) => {
    const answer = lastUser.split('Answer:\n')[1]?.split('\n')[0] ?? '';
    if (answer === 'Paris') return { reply: '```json\n{"score": 5, "reasoning": "Names the right capital."}\n```', promptTokens: 1000, completionTokens: 100 };
    if (answer === 'Lyon') return { reply: 'Lyon is a French city but not the capital.\n\nScore: 1/5', promptTokens: 1000, completionTokens: 100 };
    if (answer === 'Marseille') return { reply: 'Close, I suppose.\nScore: 9/10', promptTokens: 1000, completionTokens: 100 };
    return { reply: 'I would rather not say.', promptTokens: 1000, completionTokens: 100 };
  });
}

// gpt-4o-mini costs $0.15 per million input tokens and $0.60 per million output tokens:
// 1,000 in and 100 out cost $0.00015 + $0.00006.
const ONE_CALL = '0.0002100000';

const rows = async (query: ReturnType<typeof sql>) => {
  const result = await getDb().execute(query);
  return (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as Record<string, unknown>[];
};

describe('pinning judges at run creation', () => {
  it('pins the production label (or any label) to its version and drops the label', async () => {
    const name = await givenJudge();
    await createVersion(admin, name, newVersionInput.parse({ template: `v2 ${GRADER}`, modelConfig: mini, labels: ['staging'], commitMessage: 'v2' }));

    const [byDefault] = await pinEvaluators([judgeSpec({ prompt: name })]);
    expect(byDefault).toMatchObject({ type: 'judge', prompt: name, version: 1 });
    expect(byDefault).not.toHaveProperty('label');

    const [staging] = await pinEvaluators([judgeSpec({ prompt: name, label: 'staging' })]);
    expect(staging).toMatchObject({ version: 2 });
    expect(staging).not.toHaveProperty('label');

    const [numbered] = await pinEvaluators([judgeSpec({ prompt: name, version: 1 })]);
    expect(numbered).toMatchObject({ version: 1 });
  });

  it('refuses with a 400 naming the evaluator a prompt, version or label that does not exist, or a judge with no model', async () => {
    const name = await givenJudge();
    const modelless = await givenJudge(GRADER, {});
    const cases = [
      [judgeSpec({ prompt: 'no-such-judge' }), /no-such-judge/],
      [judgeSpec({ prompt: name, version: 7 }), /no version 7/],
      [judgeSpec({ prompt: name, label: 'canary' }), /no label "canary"/],
      [judgeSpec({ prompt: modelless }), /names no model/],
      [judgeSpec({ prompt: name, model: { provider: 'nope', model: 'x' } }), /Unknown provider/],
    ] as const;
    for (const [spec, message] of cases) {
      const error = await pinEvaluators([evaluatorSpec.parse({ name: 'exact', type: 'exact' }), spec]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VersoError);
      expect((error as VersoError).status).toBe(400);
      expect((error as VersoError).message).toMatch(/^Evaluator "quality": /);
      expect((error as VersoError).message).toMatch(message);
    }
    // A model named by the evaluator makes a model-less judge prompt usable.
    const [pinned] = await pinEvaluators([judgeSpec({ prompt: modelless, model: mini })]);
    expect(pinned).toMatchObject({ version: 1, model: mini });
  });

  it('lets the 424 of an unconfigured provider through', async () => {
    const name = await givenJudge();
    const error = await pinEvaluators([judgeSpec({ prompt: name, model: { provider: 'anthropic', model: 'claude-3-5-haiku-latest' } })]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersoError);
    expect((error as VersoError).status).toBe(424);
  });
});

describe('scoring with a judge', () => {
  it('scores each item from the judge’s answer, and records the judge’s call as an execution with its cost', async () => {
    const name = await givenJudge();
    scriptJudge();
    const specs = await pinEvaluators([judgeSpec({ prompt: name, passAt: 4 }), evaluatorSpec.parse({ name: 'exact', type: 'exact' })]);

    const right = await scoreItem(specs, item({ position: 0 }));
    expect(right.scores.quality).toMatchObject({ score: 5, pass: true, reason: 'Names the right capital.' });
    expect(right.scores.exact).toMatchObject({ score: 1, pass: true });
    // The 1–5 score counts as (5 − 1) / 4 = 1 in the composite.
    expect(right.composite).toBe(1);
    expect(right.judgeCostUsd).toBe(ONE_CALL);

    const [execution] = right.judgeExecutions;
    expect(right.judgeExecutions).toHaveLength(1);
    expect(right.scores.quality!.judgeExecutionId).toBe(execution!.id);
    expect(execution).toMatchObject({
      source: 'eval',
      promptName: name,
      version: 1,
      provider: 'openai',
      model: 'gpt-4o-mini',
      status: 'success',
      inputTokens: 1000,
      outputTokens: 100,
      costUsd: ONE_CALL,
      output: '```json\n{"score": 5, "reasoning": "Names the right capital."}\n```',
      error: null,
      metadata: { evalRunId: expect.any(String), position: 0, judgeFor: 'quality' },
      variables: { question: 'What is the capital of France?', input: 'user: What is the capital of France?', output: 'Paris', expected: 'Paris' },
    });
    expect(execution!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(execution!.completedAt).toBeInstanceOf(Date);
    // What the judge was sent: its own template with the item filled in.
    const sent = fake.requests.at(-1)!.body;
    expect(sent.model).toBe('gpt-4o-mini');
    expect(sent.messages).toEqual([{ role: 'user', content: 'Question:\nuser: What is the capital of France?\n\nAnswer:\nParis\n\nReference:\nParis\n\nRate the answer from 1 to 5.' }]);

    const wrong = await scoreItem(specs, item({ output: 'Lyon', position: 1 }));
    expect(wrong.scores.quality).toMatchObject({ score: 1, pass: false, reason: 'Lyon is a French city but not the capital.' });
    expect(wrong.scores.exact).toMatchObject({ score: 0 });
    expect(wrong.composite).toBe(0);
  });

  it('writes the judge’s execution rows as the run’s transaction would', async () => {
    const name = await givenJudge();
    scriptJudge();
    const specs = await pinEvaluators([judgeSpec({ prompt: name })]);
    const runId = newId();
    const scored = await scoreItem(specs, item({ runId, position: 3 }));
    await getDb().transaction((tx) => insertExecutions(tx, scored.judgeExecutions));

    const [row] = await rows(sql`select source, prompt_name, version, status, cost_usd::text as cost, metadata, prompt_id from executions where id = ${scored.judgeExecutions[0]!.id}`);
    expect(row).toMatchObject({ source: 'eval', prompt_name: name, version: 1, status: 'success', cost: ONE_CALL, metadata: { evalRunId: runId, position: 3, judgeFor: 'quality' } });
    const [prompt] = await rows(sql`select id from prompts where name = ${name}`);
    expect(row!.prompt_id).toBe(prompt!.id);
  });

  it('gives a null score with the reason when the verdict is unreadable or off the scale, and keeps the execution', async () => {
    const name = await givenJudge();
    scriptJudge();
    const specs = await pinEvaluators([judgeSpec({ prompt: name, passAt: 4 })]);

    const mute = await scoreItem(specs, item({ output: 'Nice' }));
    expect(mute.scores.quality).toMatchObject({ score: null, pass: null, error: expect.stringContaining('I would rather not say.') });
    expect(mute.scores.quality!.judgeExecutionId).toBe(mute.judgeExecutions[0]!.id);
    expect(mute.judgeExecutions[0]).toMatchObject({ status: 'success', costUsd: ONE_CALL });
    expect(mute.composite).toBeNull();
    expect(mute.judgeCostUsd).toBe(ONE_CALL);

    const offScale = await scoreItem(specs, item({ output: 'Marseille' }));
    expect(offScale.scores.quality).toMatchObject({ score: null, error: expect.stringContaining('9/10') });
  });

  it('gives a null score when the judge fails, and records the failed call', async () => {
    const name = await givenJudge();
    // A 400 is not retried: the judge fails at once.
    fake.enqueue({ status: 400, message: 'This model does not like the question.' });
    const specs = await pinEvaluators([judgeSpec({ prompt: name }), evaluatorSpec.parse({ name: 'short', type: 'length', max: 100 })]);
    const scored = await scoreItem(specs, item());
    expect(scored.scores.quality).toMatchObject({ score: null, pass: null, error: expect.stringContaining('This model does not like the question.') });
    expect(scored.scores.short).toMatchObject({ score: 1, pass: true });
    expect(scored.composite).toBe(1);
    expect(scored.judgeExecutions).toEqual([
      expect.objectContaining({ status: 'error', costUsd: null, output: null, error: expect.stringContaining('400'), id: scored.scores.quality!.judgeExecutionId }),
    ]);
    expect(scored.judgeCostUsd).toBeNull();
  });

  it('hands the judge the item’s variables and a structured expected value as JSON, and uses the evaluator’s model', async () => {
    const name = await givenJudge('Rubric: {{ rubric }}\nOutput: {{ output }}\nExpected: {{ expected }}\nPASS or FAIL?');
    fake.setDefault({ reply: 'The output follows the rubric.\nPASS' });
    const [spec] = await pinEvaluators([judgeSpec({ prompt: name, scale: 'binary', model: { provider: 'openai', model: 'gpt-4o' } })]);

    const scored = await scoreItem([spec!], item({ output: '{"city":"Paris"}', expected: { city: 'Paris' }, variables: { rubric: 'names the city' } }));
    expect(scored.scores.quality).toMatchObject({ score: 1, pass: true, reason: 'The output follows the rubric.' });
    expect(fake.requests.at(-1)!.body.model).toBe('gpt-4o');
    expect(fake.requests.at(-1)!.body.messages[0].content).toBe('Rubric: names the city\nOutput: {"city":"Paris"}\nExpected: {"city":"Paris"}\nPASS or FAIL?');
    expect(scored.judgeExecutions[0]).toMatchObject({ model: 'gpt-4o' });

    // Without the variable the judge's template requires, there is nothing to ask: no call, no execution.
    const before = fake.requests.length;
    const missing = await scoreItem([spec!], item({ variables: {} }));
    expect(missing.scores.quality).toMatchObject({ score: null, pass: null, error: expect.stringContaining('rubric') });
    expect(missing.judgeExecutions).toEqual([]);
    expect(fake.requests.length).toBe(before);

    // No expected value: the judge sees an empty one.
    const noExpected = await scoreItem([spec!], item({ expected: undefined, variables: { rubric: 'r' } }));
    expect(noExpected.scores.quality).toMatchObject({ score: 1 });
    expect(fake.requests.at(-1)!.body.messages[0].content).toContain('Expected: \nPASS');
  });

  it('keeps scoring with the pinned version after the label moves on', async () => {
    const name = await givenJudge('v1 {{ output }} — answer PASS or FAIL', mini, ['staging']);
    fake.setDefault({ reply: 'FAIL' });
    const specs = await pinEvaluators([judgeSpec({ prompt: name, label: 'staging', scale: 'binary' })]);
    await createVersion(admin, name, newVersionInput.parse({ template: 'v2 {{ output }} — answer PASS or FAIL', modelConfig: mini, labels: ['staging'], commitMessage: 'v2' }));

    const scored = await scoreItem(specs, item());
    expect(fake.requests.at(-1)!.body.messages[0].content).toBe('v1 Paris — answer PASS or FAIL');
    expect(scored.scores.quality).toMatchObject({ score: 0, pass: false });
    expect(scored.judgeExecutions[0]).toMatchObject({ version: 1 });
  });

  it('sums the cost of several judges exactly', async () => {
    const name = await givenJudge();
    scriptJudge();
    const specs = await pinEvaluators([judgeSpec({ name: 'a', prompt: name }), judgeSpec({ name: 'b', prompt: name, scale: '0-1', model: { provider: 'openai', model: 'gpt-4o' } })]);
    fake.setScript(({ model }) => ({ reply: model === 'gpt-4o' ? 'Score: 0.5' : 'Score: 3', promptTokens: 1000, completionTokens: 100 }));
    const scored = await scoreItem(specs, item());
    expect(scored.scores.a).toMatchObject({ score: 3, pass: null });
    expect(scored.scores.b).toMatchObject({ score: 0.5, pass: null });
    // gpt-4o: $2.50 and $10.00 per million: 1,000 in and 100 out cost $0.0025 + $0.001.
    expect(scored.judgeCostUsd).toBe('0.0037100000');
    // (3 − 1) / 4 = 0.5 and 0.5, equally weighted.
    expect(scored.composite).toBe(0.5);
  });
});
