import assert from 'node:assert/strict';
import { eventually, expectText, expectVisible } from '../support/expect';
import { PlaygroundPage } from '../support/pages/playground-page';
import { defineSpec } from '../support/runner';

// Issue 4's story: Verso calls the model itself. An editor compares two versions of a prompt
// on two models side by side in the playground, against the local fake model the server's
// OPENAI_BASE_URL points at; each call is recorded with tokens and cost from the catalog, and
// its execution page links to the trace in Phoenix (here an OTLP receiver that also answers
// Phoenix's spans API) and lists the trace's CHAIN and LLM spans. The gateway answers the
// OpenAI shape on the production server too.
const PROMPT = 'e2e/poem';
const TOPIC = 'autumn rain';
const MINI = { provider: 'openai', model: 'gpt-4o-mini' };
const FOUR_O = { provider: 'openai', model: 'gpt-4o' };

export default defineSpec(
  'Calling models: the playground, executions and traces',
  (test) => {
    let executionId = '';

    test('an application publishes two versions of a prompt, each with its model', async ({ app }) => {
      const created = await app.api('POST', '/api/v1/prompts', {
        name: PROMPT,
        template: 'Write a haiku about {{ topic }}.',
        modelConfig: { ...MINI, temperature: 0.7 },
        labels: ['production'],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const v2 = await app.api('POST', `/api/v1/prompts/${encodeURIComponent(PROMPT)}/versions`, {
        template: 'Write a limerick about {{ topic }}.',
        modelConfig: FOUR_O,
      });
      assert.equal(v2.status, 201, JSON.stringify(v2.body));
    });

    test('an editor runs the two versions side by side on two models, with tokens and cost from the catalog', async ({ app, as, screenshot }) => {
      const page = await as('editor');
      const playground = new PlaygroundPage(page);
      await playground.goto(PROMPT);
      await playground.addColumn();
      await playground.pick(0, 1, MINI);
      await playground.pick(1, 2, FOUR_O);
      await playground.fill('topic', TOPIC);
      const requestsBefore = app.model.requests.length;
      await playground.run();

      const haiku = await playground.result(0);
      const limerick = await playground.result(1);
      assert.equal(haiku.output.trim(), `echo: Write a haiku about ${TOPIC}.`);
      assert.equal(limerick.output.trim(), `echo: Write a limerick about ${TOPIC}.`);
      // The fake counts words: 6 in, 7 out. gpt-4o-mini at $0.15/$0.60 per million tokens:
      // 6 × 0.15 + 7 × 0.60 = 5.1 millionths; gpt-4o at $2.50/$10: 6 × 2.5 + 7 × 10 = 85 millionths.
      assert.match(haiku.tokens, /6\D+7/);
      assert.match(haiku.cost, /\$0\.0000051\b/);
      assert.match(limerick.cost, /\$0\.000085\b/);
      assert.match(haiku.latency, /\d+\s*ms/);

      const sent = app.model.requests.slice(requestsBefore).map((r) => (r.body as { model: string }).model).sort();
      assert.deepEqual(sent, ['gpt-4o', 'gpt-4o-mini']);
      await screenshot(page, 'playground');

      const href = await playground.column(0, 'execution-link').getAttribute('href');
      executionId = href!.split('/').pop()!;
      assert.match(executionId, /^[0-9a-f-]{36}$/);
    });

    test('the execution opens with its output, cost, and the trace in Phoenix', async ({ app, as, screenshot }) => {
      const page = await as('viewer');
      await page.goto(`/executions?prompt=${encodeURIComponent(PROMPT)}`);
      await expectVisible(page.getByTestId(`execution-row-${executionId}`));
      await page.goto(`/executions/${executionId}`);
      await expectVisible(page.getByTestId('execution-detail'));
      await expectText(page.getByTestId('execution-output'), `echo: Write a haiku about ${TOPIC}.`);
      await expectText(page.getByTestId('execution-status'), /success/i);
      await expectText(page.getByTestId('execution-facts'), /\$0\.0000051\b/);

      const traceId = await eventually(() => {
        const chain = app.phoenix.spans.find((s) => s.name === PROMPT && String(s.attributes.metadata).includes(executionId));
        assert.ok(chain, 'no CHAIN span of the prompt exported yet');
        return chain.traceId;
      });
      const link = page.getByTestId('trace-link');
      await expectVisible(link);
      assert.equal(await link.getAttribute('href'), `${app.phoenix.url}/redirects/traces/${traceId}`);
      // The spans come from Phoenix's API once the batch has been exported: reload until they do.
      await eventually(async () => {
        await page.reload();
        const spans = await page.getByTestId('trace-spans').innerText({ timeout: 2_000 });
        assert.match(spans, /CHAIN/);
        assert.match(spans, /LLM/);
      }, 20_000);
      await expectVisible(page.getByTestId('trace-spans'));
      await screenshot(page, 'execution-detail');
    });

    test('an admin sees the catalog and which providers are configured', async ({ as }) => {
      const page = await as('admin');
      await page.goto('/models');
      await expectText(page.getByTestId('provider-status-openai'), /configured/i);
      await expectText(page.getByTestId('provider-status-anthropic'), /ANTHROPIC_API_KEY/);
      await expectText(page.getByTestId('model-row-openai-gpt-4o-mini'), /\$0\.15/);
    });

    test('the gateway answers the OpenAI shape on the production server, with the execution in its headers', async ({ app }) => {
      const response = await fetch(`${app.url}/api/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${app.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: `prompt:${PROMPT}`, variables: { topic: 'snow' }, user: 'reader-1', messages: [{ role: 'user', content: 'Make it short.' }] }),
      });
      const body = (await response.json()) as { object: string; choices: { message: { content: string } }[]; usage: { total_tokens: number } };
      assert.equal(response.status, 200, JSON.stringify(body));
      assert.equal(body.object, 'chat.completion');
      assert.equal(body.choices[0]!.message.content, 'echo: Make it short.');
      assert.equal(response.headers.get('x-verso-version'), '1');
      const id = response.headers.get('x-verso-execution-id');
      assert.match(id ?? '', /^[0-9a-f-]{36}$/);
    });
  },
  { serial: true },
);
