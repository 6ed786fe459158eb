import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { expectCount, expectNoText, expectPath, expectText, expectVisible } from '../support/expect';
import { defineSpec } from '../support/runner';

// Issue 10's first story: an editor builds a dataset of test cases in the console from a pasted
// CSV, adds one case as JSONL (a new version: the old one keeps its 3 items), and keeps a
// production call as a case from its execution page.
const NAME = 'e2e-golden-questions';
const CSV = ['question,expected,metadata.source', 'What is 2+2?,4,manual', 'Capital of France?,Paris,manual', '"Say ""hi"", politely",Hello!,manual'].join('\n');
const JSONL = '{"variables":{"question":"Largest planet?"},"expected":"Jupiter","metadata":{"source":"jsonl"}}\n';
const TABLE_NAME = 'e2e-table-cases';

/** The table editor's cell at a row and column (0-based; the last column is `expected`). */
const cell = (page: Page, row: number, column: number) =>
  page.locator(`[data-testid="item-editor-cell"][data-row="${row}"][data-column="${column}"]`);

/** The position of the column named `name` (Postgres keeps a jsonb object's keys in its own order, so a reloaded table may order them differently). */
async function columnOf(page: Page, name: string) {
  const names = await page.getByTestId('item-editor-column-name').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  const index = names.indexOf(name);
  assert.ok(index >= 0, `no column "${name}" in ${names.join(', ')}`);
  return index;
}

/** A version's items as the JSONL download gives them. */
async function itemsOfVersion(page: Page, name: string, version: number) {
  const res = await page.request.get(`/datasets/${name}/export?version=${version}&format=jsonl`);
  assert.equal(res.status(), 200);
  return (await res.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

export default defineSpec(
  'Datasets in the console',
  (test) => {
    test('an editor creates a dataset from a pasted CSV and sees its 3 items', async ({ as, screenshot }) => {
      const page = await as('editor');
      await page.goto('/datasets');
      await page.getByTestId('new-dataset').first().click();
      await expectVisible(page.getByTestId('dataset-form'));
      await page.getByTestId('dataset-name').fill(NAME);
      await page.getByTestId('dataset-description').fill('Questions with known answers.');
      await page.getByTestId('dataset-format').selectOption('csv');
      await page.getByTestId('dataset-paste').fill(CSV);
      await page.getByTestId('dataset-create').click();

      await expectPath(page, `/datasets/${NAME}`);
      await expectCount(page.getByTestId('dataset-item'), 3);
      const items = page.getByTestId('dataset-items');
      await expectText(items, 'What is 2+2?');
      // A quoted CSV field with "" inside is one value; the table shows variables as JSON.
      await expectText(items, '{"question":"Say \\"hi\\", politely"}');
      await expectText(items, 'Paris');
      await expectCount(page.getByTestId('dataset-version'), 1);
      await screenshot(page, 'dataset-v1');

      await page.goto('/datasets');
      await expectText(page.getByTestId('dataset-list'), NAME);
      await expectText(page.locator(`[data-testid="dataset-row"][data-name="${NAME}"] [data-testid="dataset-item-count"]`), '3');
    });

    test('a bad paste is refused with the parser’s message and nothing is saved', async ({ as }) => {
      const page = await as('editor');
      await page.goto(`/datasets/${NAME}`);
      await page.getByTestId('dataset-add-form').getByTestId('dataset-format').selectOption('jsonl');
      await page.getByTestId('dataset-add-form').getByTestId('dataset-paste').fill('{"variables":{"question":"ok"}}\nnot json');
      await page.getByTestId('dataset-add').click();
      await expectText(page.getByTestId('action-error'), /line 2/i);
      await expectCount(page.getByTestId('dataset-version'), 1);
    });

    test('adding one JSONL item makes version 2 with 4 items; version 1 still has 3', async ({ as, screenshot }) => {
      const page = await as('editor');
      await page.goto(`/datasets/${NAME}`);
      const form = page.getByTestId('dataset-add-form');
      await form.getByTestId('dataset-format').selectOption('jsonl');
      await form.getByTestId('dataset-paste').fill(JSONL);
      await form.getByTestId('dataset-mode').selectOption('append');
      await page.getByTestId('dataset-add').click();

      await expectVisible(page.locator('[data-testid="dataset-detail"][data-version="2"]'));
      await expectCount(page.getByTestId('dataset-item'), 4);
      await expectText(page.getByTestId('dataset-items'), 'Largest planet?');
      await expectCount(page.getByTestId('dataset-version'), 2);
      await expectText(page.locator('[data-testid="dataset-version"][data-version="2"]'), '4 items');
      await screenshot(page, 'dataset-v2');

      await page.locator('[data-testid="dataset-version"][data-version="1"] a').click();
      await expectVisible(page.locator('[data-testid="dataset-detail"][data-version="1"]'));
      await expectCount(page.getByTestId('dataset-item'), 3);
      // The download link works with the browser's session (the API itself wants a key).
      const csvHref = await page.getByTestId('dataset-export-csv').getAttribute('href');
      const download = await page.request.get(csvHref!);
      assert.equal(download.status(), 200);
      const lines = (await download.text()).trim().split(/\r?\n/);
      assert.equal(lines.length, 4, lines.join('\n'));
      assert.match(lines[0]!, /question/);
    });

    test('an editor adds a production call to the dataset from its execution page', async ({ as, app }) => {
      const resolved = await app.api('POST', '/api/v1/prompts/summarizer/resolve', { variables: { text: 'A long report.', audience: 'engineers' } });
      assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
      const executionId = resolved.body.executionId as string;
      const page = await as('editor');
      await page.goto(`/executions/${executionId}`);
      const form = page.getByTestId('add-to-dataset');
      await form.locator('select').selectOption(NAME);
      await form.locator('textarea').fill('A short summary for engineers.');
      await form.getByRole('button', { name: 'Add to dataset' }).click();
      await expectText(page.getByTestId('add-to-dataset-done'), 'Added as item 5 of version 3');

      await page.goto(`/datasets/${NAME}`);
      await expectCount(page.getByTestId('dataset-item'), 5);
      await expectVisible(page.locator(`[data-testid="dataset-items"] a[href="/executions/${executionId}"]`));
    });

    test('an editor types a dataset into the table editor, then edits it into version 2; version 1 stays', async ({ as, screenshot }) => {
      const page = await as('editor');
      await page.goto('/datasets/new');
      await page.getByTestId('dataset-name').fill(TABLE_NAME);
      await page.getByTestId('dataset-source-table').click();
      await expectVisible(page.getByTestId('item-editor'));
      const names = page.getByTestId('item-editor-column-name');
      await names.nth(0).fill('question');
      await page.getByTestId('item-editor-add-column').click();
      // A second "question" column is refused as it is typed.
      await names.nth(1).fill('question');
      await expectText(page.getByTestId('item-editor-problems'), 'Two columns are named "question".');
      await names.nth(1).fill('language');
      await expectCount(page.getByTestId('item-editor-problems'), 0);

      await cell(page, 0, 0).fill('What is 2+2?');
      await cell(page, 0, 1).fill('en');
      await cell(page, 0, 2).fill('4');
      // Enter in the last row adds a row and moves down into it.
      await cell(page, 0, 0).press('Enter');
      await expectCount(page.getByTestId('item-editor-row'), 2);
      await page.keyboard.type('Capital of France?');
      await cell(page, 1, 1).fill('en');
      await cell(page, 1, 2).fill('Paris');
      await page.getByTestId('item-editor-add-row').click();
      await cell(page, 2, 0).fill('Hauptstadt von Italien?');
      await cell(page, 2, 1).fill('de');
      await cell(page, 2, 2).fill('Rom');
      await screenshot(page, 'dataset-table-editor');
      await page.getByTestId('dataset-create').click();

      await expectPath(page, `/datasets/${TABLE_NAME}`);
      await expectCount(page.getByTestId('dataset-item'), 3);
      await expectCount(page.getByTestId('dataset-version'), 1);
      const v1 = [
        { variables: { question: 'What is 2+2?', language: 'en' }, expected: '4' },
        { variables: { question: 'Capital of France?', language: 'en' }, expected: 'Paris' },
        { variables: { question: 'Hauptstadt von Italien?', language: 'de' }, expected: 'Rom' },
      ];
      assert.deepEqual(await itemsOfVersion(page, TABLE_NAME, 1), v1);

      await page.getByTestId('dataset-edit-items').click();
      await expectPath(page, `/datasets/${TABLE_NAME}/edit`);
      await expectVisible(page.locator('[data-testid="item-editor"][data-rows="3"]'));
      const [question, language] = [await columnOf(page, 'question'), await columnOf(page, 'language')];
      const expected = 2;
      await cell(page, 1, question).fill('Capital of Spain?');
      await cell(page, 1, expected).fill('Madrid');
      await page.getByTestId('item-editor-add-row').click();
      await cell(page, 3, question).fill('Largest planet?');
      await cell(page, 3, language).fill('en');
      await cell(page, 3, expected).fill('Jupiter');
      await page.getByTestId('item-editor-remove-row').first().click();
      await expectCount(page.getByTestId('item-editor-row'), 3);
      await page.getByTestId('dataset-edit-save').click();

      await expectVisible(page.locator('[data-testid="dataset-detail"][data-version="2"]'));
      await expectCount(page.getByTestId('dataset-item'), 3);
      await expectNoText(page.getByTestId('dataset-items'), 'What is 2+2?');
      await expectCount(page.getByTestId('dataset-version'), 2);
      assert.deepEqual(await itemsOfVersion(page, TABLE_NAME, 2), [
        { variables: { question: 'Capital of Spain?', language: 'en' }, expected: 'Madrid' },
        { variables: { question: 'Hauptstadt von Italien?', language: 'de' }, expected: 'Rom' },
        { variables: { question: 'Largest planet?', language: 'en' }, expected: 'Jupiter' },
      ]);
      assert.deepEqual(await itemsOfVersion(page, TABLE_NAME, 1), v1);
    });

    test('a viewer sees datasets but no way to change them; an unknown dataset is a 404', async ({ as }) => {
      const page = await as('viewer');
      await page.goto(`/datasets/${NAME}`);
      await expectCount(page.getByTestId('dataset-item'), 5);
      await expectCount(page.getByTestId('dataset-add-form'), 0);
      await expectCount(page.getByTestId('dataset-edit-items'), 0);
      // The editor's page itself sends a viewer to the console's "not allowed" page.
      await page.goto(`/datasets/${TABLE_NAME}/edit`);
      await expectPath(page, '/forbidden');
      await expectCount(page.getByTestId('item-editor'), 0);
      const missing = await page.goto('/datasets/no-such-dataset');
      assert.equal(missing?.status(), 404);
      await expectVisible(page.getByTestId('dataset-not-found'));
    });
  },
  { serial: true },
);
