// The prompt template on the LLM span: Phoenix shows its Prompt Template card, and fills the
// playground's variables, only from LLM spans. Every model call made for a prompt (run,
// gateway, playground draft, eval item, judge) carries the CHAIN span's template, variables and
// version on the AI SDK's LLM span too; a proxy call has no prompt and carries none. Real
// exporter, OTLP receiver standing in for Phoenix, fake OpenAI on 127.0.0.1.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/queries/prompts';
import { createDataset } from '@/lib/datasets/datasets';
import { createEvalRun } from '@/lib/evals/runs';
import { workEvalRun } from '@/lib/evals/worker';
import { draftRunInput, runDraft } from '@/lib/executions/draft-run';
import { createVersion } from '@/lib/prompts/registry';
import { newVersionInput } from '@/lib/prompts/schemas';
import { registerTracing, type Tracing } from '@/lib/tracing/register';
import { admin, editor } from '@/tests/support/actors';
import { callApi, withApiKeys } from '@/tests/support/api';
import { withTestDatabase } from '@/tests/support/db';
import { executionRow } from '@/tests/support/experiments';
import { givenModelPrompt, setEnv, withFakeOpenAI } from '@/tests/support/model-env';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '@/tests/support/otlp-receiver';
import { uniqueName } from '@/tests/support/prompts';

withTestDatabase();
const keys = withApiKeys();
const fake = withFakeOpenAI();
let receiver: OtlpReceiver;
let tracing: Tracing | null;
let undoEnv: () => void;

const MODEL = { provider: 'openai', model: 'gpt-4o-mini' };
const V1 = 'Hello {{ name }}';
const V2 = 'Good day, {{ name }}. Reply in {{ language }}.';
const TEMPLATE = 'llm.prompt_template.template';
const VARIABLES = 'llm.prompt_template.variables';
const VERSION = 'llm.prompt_template.version';
let greet: string;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  undoEnv = setEnv({ PHOENIX_COLLECTOR_ENDPOINT: receiver.url, PHOENIX_PROJECT_NAME: 'verso-llm-template-tests' });
  tracing = registerTracing();
  greet = await givenModelPrompt(uniqueName('greet'), { template: V1, modelConfig: MODEL });
  // Version 2 is `latest` only: production stays on 1, so a run of version 2 is asked for by label.
  await createVersion(admin, greet, newVersionInput.parse({ template: V2, modelConfig: MODEL, commitMessage: 'v2' }));
});

afterAll(async () => {
  await tracing?.shutdown();
  await receiver.close();
  undoEnv();
});

const kindOf = (span: ReceivedSpan) => span.attributes['openinference.span.kind'];

async function spansOfTrace(traceId: string): Promise<ReceivedSpan[]> {
  await tracing!.flush();
  const spans = await receiver.waitForSpans((all) => all.some((s) => s.traceId === traceId && kindOf(s) === 'CHAIN'));
  return spans.filter((s) => s.traceId === traceId);
}

/** The trace's one CHAIN span and its one LLM span. */
async function chainAndLlm(traceId: string) {
  const spans = await spansOfTrace(traceId);
  const of = (kind: string) => {
    const found = spans.filter((s) => kindOf(s) === kind);
    expect(found.map((s) => s.name), `${kind} spans`).toHaveLength(1);
    return found[0]!;
  };
  return { chain: of('CHAIN'), llm: of('LLM'), spans };
}

/** The three prompt template attributes a span carries (absent ones left out). */
function templateOf(span: ReceivedSpan) {
  return Object.fromEntries([TEMPLATE, VARIABLES, VERSION].filter((k) => span.attributes[k] !== undefined).map((k) => [k, span.attributes[k]]));
}

describe('the prompt template on the LLM span', () => {
  it('is on the LLM span of a run, the same as on its CHAIN span', async () => {
    const res = await callApi('runPrompt', { key: keys.service, params: { name: greet }, body: { label: 'latest', variables: { name: 'Ada', language: 'French' } } });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(2);
    const { chain, llm } = await chainAndLlm(res.body.traceId);
    const expected = { [TEMPLATE]: V2, [VARIABLES]: JSON.stringify({ name: 'Ada', language: 'French' }), [VERSION]: '2' };
    expect(templateOf(chain)).toEqual(expected);
    expect(templateOf(llm)).toEqual(expected);
    // The AGENT span the AI SDK puts between them is not a model call: Phoenix would show the card twice.
    const agent = (await spansOfTrace(res.body.traceId)).find((s) => kindOf(s) === 'AGENT');
    expect(agent?.name).toBe('ai.generateText');
    expect(templateOf(agent!)).toEqual({});
  });

  it('is on the LLM span of a streamed run', async () => {
    const res = await callApi('runPrompt', { key: keys.service, params: { name: greet }, body: { variables: { name: 'Sid' }, stream: true } });
    expect(res.status).toBe(200);
    const summary = JSON.parse(/event: summary\ndata: (.*)\n/.exec(res.body as string)![1]!);
    const { chain, llm } = await chainAndLlm(summary.traceId);
    expect(llm.name).toBe('ai.streamText.doStream');
    expect(templateOf(llm)).toEqual({ [TEMPLATE]: V1, [VARIABLES]: JSON.stringify({ name: 'Sid' }), [VERSION]: '1' });
    expect(templateOf(llm)).toEqual(templateOf(chain));
  });

  it('is on the LLM span of a gateway call to a prompt', async () => {
    const res = await callApi('createChatCompletion', {
      key: keys.service,
      body: { model: `prompt:${greet}`, variables: { name: 'Gus' }, messages: [{ role: 'user', content: 'and hello again' }] },
    });
    expect(res.status).toBe(200);
    const row = await executionRow(res.headers.get('x-verso-execution-id')!);
    expect(row?.source).toBe('gateway');
    const { chain, llm } = await chainAndLlm(row!.traceId!);
    expect(templateOf(llm)).toEqual({ [TEMPLATE]: V1, [VARIABLES]: JSON.stringify({ name: 'Gus' }), [VERSION]: '1' });
    expect(templateOf(llm)).toEqual(templateOf(chain));
  });

  it('is on the LLM span of a playground draft: the draft’s template, and no version', async () => {
    const draft = 'Draft: greet {{ name }} warmly';
    const result = await runDraft(
      editor,
      draftRunInput.parse({ name: greet, from: 1, body: { type: 'text', template: draft }, variables: { name: 'Dee' }, model: MODEL }),
    );
    expect(result.output).toBe('echo: Draft: greet Dee warmly');
    const { chain, llm } = await chainAndLlm(result.traceId!);
    expect(templateOf(llm)).toEqual({ [TEMPLATE]: draft, [VARIABLES]: JSON.stringify({ name: 'Dee' }) });
    expect(templateOf(llm)).toEqual(templateOf(chain));
  });

  it('is on the LLM spans of an eval item and of its judge, each with its own prompt', async () => {
    const grader = 'Answer:\n{{ output }}\n\nRate it from 1 to 5.';
    const judge = await givenModelPrompt(uniqueName('judge'), { template: grader, modelConfig: MODEL });
    const dataset = uniqueName('cases');
    await createDataset(editor, { name: dataset, items: [{ variables: { name: 'Eve' }, expected: 'hi' }] });
    fake.setScript(({ lastUser }) => (lastUser.startsWith('Answer:') ? { reply: 'Score: 4/5' } : undefined));
    const run = await createEvalRun(editor, { dataset, prompt: greet, evaluators: [{ type: 'judge', name: 'quality', prompt: judge, scale: '1-5' }] as never });
    const done = await workEvalRun(run.id, { owner: 'test' });
    expect(done.progress).toMatchObject({ done: 1, succeeded: 1 });

    const rows = rowsOf<{ trace_id: string; judge: string | null; output: string }>(
      await getDb().execute(sql`select trace_id, metadata ->> 'judgeFor' as judge, output from executions where metadata ->> 'evalRunId' = ${run.id}`),
    );
    const item = rows.find((r) => r.judge === null)!;
    const judged = rows.find((r) => r.judge === 'quality')!;
    expect(judged.output).toBe('Score: 4/5');

    const itemSpans = await chainAndLlm(item.trace_id);
    expect(templateOf(itemSpans.llm)).toEqual({ [TEMPLATE]: V1, [VARIABLES]: JSON.stringify({ name: 'Eve' }), [VERSION]: '1' });
    expect(templateOf(itemSpans.llm)).toEqual(templateOf(itemSpans.chain));

    const judgeSpans = await chainAndLlm(judged.trace_id);
    expect(judgeSpans.llm.attributes[TEMPLATE]).toBe(grader);
    expect(judgeSpans.llm.attributes[VERSION]).toBe('1');
    expect(JSON.parse(judgeSpans.llm.attributes[VARIABLES] as string)).toMatchObject({ name: 'Eve', output: item.output });
    expect(templateOf(judgeSpans.llm)).toEqual(templateOf(judgeSpans.chain));
  });

  it('is not on the LLM span of a proxy call, which has no prompt', async () => {
    const res = await callApi('createChatCompletion', { key: keys.service, body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'just the model' }] } });
    expect(res.status).toBe(200);
    const row = await executionRow(res.headers.get('x-verso-execution-id')!);
    expect(row?.source).toBe('proxy');
    const { chain, llm } = await chainAndLlm(row!.traceId!);
    expect(llm.attributes['llm.input_messages.0.message.content']).toBe('just the model');
    expect(templateOf(chain)).toEqual({});
    expect(templateOf(llm)).toEqual({});
  });

  it('is on every attempt’s LLM span when the model call is retried', async () => {
    fake.enqueue({ status: 500, message: 'try again' });
    const res = await callApi('runPrompt', { key: keys.service, params: { name: greet }, body: { variables: { name: 'Ray' } } });
    expect(res.status).toBe(200);
    const spans = await spansOfTrace(res.body.traceId);
    const llms = spans.filter((s) => kindOf(s) === 'LLM');
    expect(llms).toHaveLength(2);
    expect(llms.filter((s) => s.status.code === 2)).toHaveLength(1);
    const expected = { [TEMPLATE]: V1, [VARIABLES]: JSON.stringify({ name: 'Ray' }), [VERSION]: '1' };
    for (const llm of llms) expect(templateOf(llm)).toEqual(expected);
  });
});
