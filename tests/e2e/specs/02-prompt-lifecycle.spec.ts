import assert from 'node:assert/strict';
import type { App } from '../support/app';
import { accounts } from '../support/app';
import { expectText, expectVisible } from '../support/expect';
import { ApiKeysPage } from '../support/pages/api-keys-page';
import { AuditPage } from '../support/pages/audit-page';
import { PromptEditorPage } from '../support/pages/prompt-editor-page';
import { PromptPage } from '../support/pages/prompt-page';
import { defineSpec } from '../support/runner';

// One prompt's life, as issue 2 tells it: written and deployed in the console, improved by an
// editor with a live preview, deployed by an admin (the editor is refused), rolled back,
// every step in the audit log, and the API serving whatever production points at.
const NAME = 'e2e/welcome-email';
const API_PATH = `/api/v1/prompts/${encodeURIComponent(NAME)}`;
const V1_TEMPLATE = 'Hello {{ name }}, welcome to {{ product }}.';
const V2_TEMPLATE = 'Hi {{ name }}! Your {{ plan }} plan of {{ product }} is ready.';
const VALUES = { name: 'Ada', product: 'Verso', plan: 'Team' };
const V1_TEXT = 'Hello Ada, welcome to Verso.';
const V2_TEXT = 'Hi Ada! Your Team plan of Verso is ready.';
const EDITOR_KEY_NAME = 'e2e editor key';

async function renderedProduction(app: App) {
  const { status, body } = await app.api('POST', `${API_PATH}/render`, { variables: VALUES });
  assert.equal(status, 200, JSON.stringify(body));
  return { version: body.version as number, text: body.text as string };
}

export default defineSpec(
  'A prompt from first draft to rollback',
  (test) => {
    let editorKey = '';

    test('an admin writes a new prompt in Monaco, previews it and deploys version 1', async ({ as, screenshot }) => {
      const page = await as('admin');
      await page.goto('/prompts');
      await page.getByTestId('new-prompt').click();
      const editor = new PromptEditorPage(page);
      await expectVisible(page.getByTestId('new-prompt-name'));
      await editor.setName(NAME);
      await editor.typeTemplate(V1_TEMPLATE);
      await editor.expectVariables('name', 'product');
      await editor.setSample('name', VALUES.name);
      await editor.setSample('product', VALUES.product);
      await editor.expectPreview(V1_TEXT);
      await screenshot(page, 'prompt-new');
      await editor.save({ name: NAME, message: 'First welcome email', production: true });
      const prompt = new PromptPage(page);
      await prompt.expectDeployed(1);
      await expectVisible(prompt.versionRow(1));
    });

    test('the API renders version 1 from production', async ({ app }) => {
      assert.deepEqual(await renderedProduction(app), { version: 1, text: V1_TEXT });
    });

    test('an editor types version 2 in Monaco and the live preview follows every change', async ({ as, screenshot }) => {
      const page = await as('editor');
      const prompt = new PromptPage(page);
      await prompt.goto(NAME);
      await page.getByTestId('edit-prompt').click();
      const editor = new PromptEditorPage(page);
      await expectVisible(page.getByTestId('template-editor'));
      await editor.setSample('name', VALUES.name);
      await editor.setSample('product', VALUES.product);
      await editor.expectPreview(V1_TEXT);

      await editor.typeTemplate(V2_TEMPLATE, { replace: true });
      assert.equal(await editor.templateText(), V2_TEMPLATE);
      // The new variable is detected as it is typed, and the preview says it needs a value.
      await editor.expectVariables('plan');
      await editor.expectPreviewProblem('plan');
      await editor.setSample('plan', VALUES.plan);
      await editor.expectPreview(V2_TEXT);

      assert.equal(await editor.productionCheckbox().isDisabled(), true, 'an editor may not deploy while saving');
      await screenshot(page, 'prompt-editor');
      await editor.save({ name: NAME, message: 'Greet by plan' });
      await expectVisible(prompt.versionRow(2));
      await expectText(prompt.versionRow(2), 'Greet by plan');
      await prompt.expectDeployed(1);
    });

    test('an editor is refused production, in the console and over the API', async ({ as, app, screenshot }) => {
      const page = await as('editor');
      const prompt = new PromptPage(page);
      await prompt.goto(NAME);
      assert.equal(await prompt.promoteButton(2).count(), 0, 'an editor sees no promote button');
      // Typing the label by hand gets the server's refusal, in words.
      await page.getByTestId('set-label-2').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Label', { exact: true }).fill('production');
      await dialog.getByRole('button', { name: /Point production at v2/ }).click();
      await expectText(dialog.getByTestId('action-error'), 'You are not allowed to do this');
      await screenshot(page, 'editor-refused');
      await page.keyboard.press('Escape');
      await prompt.expectDeployed(1);

      // An editor's API key, made by the admin on the API keys page (shown once).
      const admin = await as('admin');
      const keys = new ApiKeysPage(admin);
      await keys.goto();
      editorKey = await keys.create(EDITOR_KEY_NAME, 'editor');
      await screenshot(admin, 'api-keys');

      const move = await app.api('PUT', `${API_PATH}/labels/production`, { version: 2 }, editorKey);
      assert.equal(move.status, 403, JSON.stringify(move.body));
      assert.equal(move.body.error.code, 'forbidden');
      const save = await app.api('POST', `${API_PATH}/versions`, { template: 'Sneaky {{ name }}', labels: ['production'] }, editorKey);
      assert.equal(save.status, 403, JSON.stringify(save.body));
      const versions = await app.api('GET', `${API_PATH}/versions`);
      assert.equal(versions.status, 200);
      assert.equal(versions.body.data.length, 2, 'the refused save wrote no version');
      // What an editor may do: move staging.
      const staging = await app.api('PUT', `${API_PATH}/labels/staging`, { version: 2 }, editorKey);
      assert.equal(staging.status, 200, JSON.stringify(staging.body));
      assert.equal((await renderedProduction(app)).version, 1);
    });

    test('an admin promotes version 2 and the API renders it', async ({ as, app, screenshot }) => {
      const page = await as('admin');
      const prompt = new PromptPage(page);
      await prompt.goto(NAME);
      await prompt.promote(2);
      await expectText(prompt.versionRow(2), 'production');
      await screenshot(page, 'prompt');
      assert.deepEqual(await renderedProduction(app), { version: 2, text: V2_TEXT });
    });

    test('an admin rolls production back to version 1 and the API follows', async ({ as, app }) => {
      const page = await as('admin');
      const prompt = new PromptPage(page);
      await prompt.goto(NAME);
      await prompt.rollBackNewestMove('production');
      await prompt.expectDeployed(1);
      await expectText(await prompt.newestMove('production'), 'rollback of move to v2');
      assert.deepEqual(await renderedProduction(app), { version: 1, text: V1_TEXT });
      const fetched = await app.api('GET', API_PATH);
      assert.equal(fetched.body.version, 1);
      assert.equal(fetched.body.template, V1_TEMPLATE);
    });

    test('the audit log shows every step, who took it, newest first', async ({ as, screenshot }) => {
      const page = await as('admin');
      const audit = new AuditPage(page);
      await audit.goto({ entityId: NAME });
      const rows = await audit.rows();
      const admin = accounts.admin.email;
      const editor = accounts.editor.email;
      // Newest first: the rollback, the promotion, the editor key's staging move, version 2, then
      // version 1's deploy, version 1 and the prompt itself.
      const expected: [string, string, RegExp?][] = [
        [admin, 'label.moved', /"version":2\}.*"reason":"rollback of move to v2"/],
        [admin, 'label.moved', /"version":1\}.*"version":2\}/],
        [EDITOR_KEY_NAME, 'label.moved', /staging/],
        [editor, 'version.created', /"version":2/],
        [admin, 'label.moved', /production/],
        [admin, 'version.created', /"version":1/],
        [admin, 'prompt.created', new RegExp(NAME)],
      ];
      assert.equal(rows.length, expected.length, `audit rows for ${NAME}:\n${rows.join('\n')}`);
      expected.forEach(([actor, action, detail], i) => {
        const row = rows[i]!;
        assert.ok(row.includes(actor) && row.includes(action) && (!detail || detail.test(row)), `row ${i + 1} should be ${action} by ${actor}: ${row}`);
      });
      await screenshot(page, 'audit');
    });
  },
  { serial: true },
);
