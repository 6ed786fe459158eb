import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { eventually, expectCount, expectPath, expectText, expectVisible } from '../support/expect';
import { PromptPage } from '../support/pages/prompt-page';
import { defineSpec } from '../support/runner';

// Issue 10's console story: an admin builds a dataset of questions with known answers, runs two
// versions of a prompt over it from the console (version 1 answers right, version 2 wrong, as
// the scripted fake model says), sees the comparison call version 2 worse on exact match, gates
// production on the dataset and is refused when promoting version 2; then scores an execution
// by hand.
const DATASET = 'e2e-eval-capitals';
const PROMPT = 'e2e/capital-quiz';
const API_PATH = `/api/v1/prompts/${encodeURIComponent(PROMPT)}`;

// Eight items, all answered right by v1 and wrong by v2: McNemar's exact two-sided p is
// 2 · 0.5^8 = 0.0078125. The page also tests the composite (here the same 0/1 score), and Holm
// across the two doubles the smaller p at most: 0.0156 < 0.05. With six items the adjusted p
// would be 2 · 0.03125 = 0.0625 and the verdict "no difference".
const ANSWERS: Record<string, string> = {
  'Capital of France?': 'Paris',
  'Capital of Italy?': 'Rome',
  'Capital of Spain?': 'Madrid',
  'Capital of Japan?': 'Tokyo',
  'Capital of Egypt?': 'Cairo',
  'Capital of Peru?': 'Lima',
  'Capital of Kenya?': 'Nairobi',
  'Capital of Norway?': 'Oslo',
};
const CSV = ['question,expected', ...Object.entries(ANSWERS).map(([q, a]) => `${q},${a}`)].join('\n');
const V1_PREFIX = 'Answer with the city only:';
const V2_PREFIX = 'Answer with a sentence:';

async function startRun(page: Page, version: number): Promise<string> {
  await page.goto('/evals');
  await page.getByTestId('new-eval-run').click();
  await expectVisible(page.getByTestId('eval-run-form'));
  await page.getByTestId('eval-name').fill(`capitals v${version}`);
  await page.getByTestId('eval-dataset').selectOption(DATASET);
  await page.getByTestId('eval-prompt').selectOption(PROMPT);
  await page.getByTestId('eval-target').selectOption(`version:${version}`);
  assert.equal(await page.getByTestId('eval-evaluator-0-type').inputValue(), 'exact');
  await page.getByTestId('eval-submit').click();
  await expectPath(page, /^\/evals\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname.split('/').pop()!;
}

async function expectCompleted(page: Page, runId: string) {
  // The page refreshes itself while the run is queued or running.
  await expectVisible(page.locator(`[data-testid="eval-run"][data-run-id="${runId}"][data-status="completed"]`), 60_000);
  await expectCount(page.getByTestId('eval-result'), 8);
}

export default defineSpec(
  'Offline evaluation in the console',
  (test) => {
    let v1Run = '';
    let v2Run = '';

    test('an admin pastes a CSV of 8 questions and answers as a dataset', async ({ as }) => {
      const page = await as('admin');
      await page.goto('/datasets/new');
      await page.getByTestId('dataset-name').fill(DATASET);
      await page.getByTestId('dataset-format').selectOption('csv');
      await page.getByTestId('dataset-paste').fill(CSV);
      await page.getByTestId('dataset-create').click();
      await expectPath(page, `/datasets/${DATASET}`);
      await expectCount(page.getByTestId('dataset-item'), 8);
    });

    test('a prompt gets two versions on the fake model; v1 is in production', async ({ app }) => {
      const created = await app.api('POST', '/api/v1/prompts', {
        name: PROMPT,
        template: `${V1_PREFIX} {{ question }}`,
        modelConfig: { provider: 'openai', model: 'gpt-4o-mini', temperature: 0 },
        labels: ['production'],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const v2 = await app.api('POST', `${API_PATH}/versions`, {
        template: `${V2_PREFIX} {{ question }}`,
        modelConfig: { provider: 'openai', model: 'gpt-4o-mini', temperature: 0 },
      });
      assert.equal(v2.status, 201, JSON.stringify(v2.body));
      // v1's wording gets the expected city; v2's a sentence that is not it.
      app.model.setScript(({ messages }) => {
        const text = messages.map((m) => m.text).join('\n');
        const question = Object.keys(ANSWERS).find((q) => text.includes(q));
        if (!question) return undefined;
        return { reply: text.includes(V1_PREFIX) ? ANSWERS[question] : `I believe it is ${ANSWERS[question]}.` };
      });
    });

    test('a run the service refuses shows why in the form, and nothing starts', async ({ as, screenshot }) => {
      const page = await as('admin');
      await page.goto('/evals/new');
      await page.getByTestId('eval-dataset').selectOption(DATASET);
      await page.getByTestId('eval-prompt').selectOption(PROMPT);
      await page.getByTestId('eval-add-evaluator').click();
      await page.getByTestId('eval-evaluator-1-type').selectOption('regex');
      await page.getByTestId('eval-evaluator-1-pattern').fill('(unclosed');
      await page.getByTestId('eval-submit').click();
      await expectVisible(page.getByTestId('action-error'));
      await expectPath(page, '/evals/new');
      await screenshot(page, 'eval-new-refused');
    });

    test('runs of v1 and v2 with exact match complete; v1 passes every item, v2 none', async ({ as, screenshot }) => {
      const page = await as('admin');
      v1Run = await startRun(page, 1);
      await expectCompleted(page, v1Run);
      await expectText(page.locator('[data-testid="eval-summary-row"][data-evaluator="exact"] [data-testid="eval-summary-pass-rate"]'), '100.0%');
      await expectCount(page.locator('[data-testid="eval-score"][data-evaluator="exact"][data-tone="pass"]'), 8);
      await expectText(page.getByTestId('eval-results'), 'Nairobi');
      await screenshot(page, 'eval-run');

      v2Run = await startRun(page, 2);
      await expectCompleted(page, v2Run);
      await expectText(page.locator('[data-testid="eval-summary-row"][data-evaluator="exact"] [data-testid="eval-summary-pass-rate"]'), '0.0%');
      await expectCount(page.locator('[data-testid="eval-score"][data-evaluator="exact"][data-tone="fail"]'), 8);

      await page.goto('/evals');
      await expectVisible(page.locator(`[data-testid="eval-run-row"][data-run-id="${v1Run}"][data-status="completed"]`));
      await expectVisible(page.locator(`[data-testid="eval-run-row"][data-run-id="${v2Run}"][data-status="completed"]`));
    });

    test('comparing v2 with v1 flags v2 worse on exact match, with McNemar’s exact p', async ({ as, screenshot }) => {
      const page = await as('admin');
      await page.goto('/evals');
      // The first run ticked is the baseline.
      await page.locator(`[data-testid="eval-run-row"][data-run-id="${v1Run}"] [data-testid="eval-run-pick"]`).check();
      await page.locator(`[data-testid="eval-run-row"][data-run-id="${v2Run}"] [data-testid="eval-run-pick"]`).check();
      await screenshot(page, 'eval-list');
      await page.getByTestId('eval-compare').click();
      await expectPath(page, '/evals/compare');
      assert.equal(new URL(page.url()).searchParams.get('runs'), `${v1Run},${v2Run}`);

      const exact = page.locator(`[data-testid="eval-comparison"][data-candidate="${v2Run}"] [data-testid="eval-comparison-row"][data-evaluator="exact"]`);
      await expectVisible(exact);
      assert.equal(await exact.getAttribute('data-verdict'), 'worse');
      await expectText(exact.getByTestId('eval-verdict'), 'worse');
      // 2 · 0.5^8 = 0.0078125
      await expectText(exact.getByTestId('eval-comparison-p'), '0.008');
      await expectText(exact, /0 improved \/ 8 worsened/);
      // Every item: v1 passes and v2 fails, so the runs disagree on each.
      await expectCount(page.locator('[data-testid="eval-side-row"][data-disagree="exact"]'), 8);
      await screenshot(page, 'eval-compare');

      // A run that does not exist: the service's refusal is the page's message, not a crash.
      await page.goto(`/evals/compare?runs=${v1Run},00000000-0000-7000-8000-000000000000`);
      await expectVisible(page.getByTestId('eval-compare-error'));
    });

    test('with a release gate on the dataset, promoting v2 is refused with the gate’s reason', async ({ as, app, screenshot }) => {
      const page = await as('admin');
      const prompt = new PromptPage(page);
      await prompt.goto(PROMPT);
      await page.getByTestId('gate-edit').click();
      await page.getByTestId('gate-dataset').selectOption(DATASET);
      await page.getByTestId('gate-save').click();
      await expectText(page.getByTestId('gate-current'), DATASET);

      await page.getByTestId('gate-check-version').selectOption('2');
      await page.getByTestId('gate-check').click();
      const check = page.getByTestId('gate-check-result');
      await expectText(check, 'v2 does not pass the gate');
      assert.equal(await check.getAttribute('data-pass'), 'false');
      await expectText(check, 'exact');

      await prompt.promoteButton(2).click();
      await page.getByTestId('confirm-promote-2').click();
      await expectText(page.getByTestId('action-error'), /eval gate keeps v2/);
      await screenshot(page, 'eval-gate-refused');
      await page.keyboard.press('Escape');
      await prompt.goto(PROMPT);
      await prompt.expectDeployed(1);
      const served = await app.api('GET', API_PATH);
      assert.equal(served.status, 200, JSON.stringify(served.body));
      assert.equal(served.body.version, 1);
    });

    test('runs on different dataset versions are not compared: the page says why', async ({ as, app }) => {
      const added = await app.api('POST', `/api/v1/datasets/${DATASET}/versions`, {
        items: [{ variables: { question: 'Capital of Chile?' }, expected: 'Santiago' }],
        mode: 'append',
      });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      const run = await app.api('POST', '/api/v1/eval-runs', { dataset: DATASET, prompt: PROMPT, version: 1, evaluators: [{ name: 'exact', type: 'exact' }] });
      assert.equal(run.status, 201, JSON.stringify(run.body));
      assert.equal(run.body.datasetVersion, 2);
      const page = await as('admin');
      await page.goto(`/evals/compare?runs=${v1Run},${run.body.id as string}`);
      await expectText(page.getByTestId('eval-compare-error'), /same dataset version/);
    });

    test('an admin gives an item’s execution a thumbs-up; a viewer sees it but cannot score', async ({ as }) => {
      const page = await as('admin');
      await page.goto(`/evals/${v1Run}`);
      const href = await page.getByTestId('eval-result-execution').first().getAttribute('href');
      assert.match(href ?? '', /^\/executions\/[0-9a-f-]{36}$/);
      await page.goto(href!);
      await expectText(page.getByTestId('human-scores-empty'), 'Nobody');
      await page.getByTestId('human-score-comment').fill('Right city.');
      await page.getByTestId('human-thumbs-up').click();
      const score = page.locator('[data-testid="human-score"][data-name="thumbs"]');
      await expectText(score, 'thumbs up');
      await expectText(score, 'Right city.');
      assert.equal(await score.getAttribute('data-value'), '1');

      const viewer = await as('viewer');
      await viewer.goto(href!);
      await expectText(viewer.locator('[data-testid="human-score"][data-name="thumbs"]'), 'thumbs up');
      await eventually(async () => assert.equal(await viewer.getByTestId('human-score-form').count(), 0));
    });
  },
  { serial: true },
);
