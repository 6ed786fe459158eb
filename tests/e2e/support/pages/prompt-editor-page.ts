import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { eventually, expectPath, expectText, expectVisible, WAIT_MS } from '../expect';

const promptUrl = (name: string) => `/prompts/${name.split('/').map(encodeURIComponent).join('/')}`;

/** The prompt editor: /prompts/new, or /prompts/<name>/edit?from=N. */
export class PromptEditorPage {
  constructor(readonly page: Page) {}

  async gotoNew() {
    await this.page.goto('/prompts/new');
    await expectVisible(this.page.getByTestId('new-prompt-name'));
  }

  async gotoEdit(name: string, from?: number) {
    await this.page.goto(`${promptUrl(name)}/edit${from ? `?from=${from}` : ''}`);
    await expectVisible(this.page.getByTestId('template-editor'));
  }

  async setName(name: string) {
    await this.page.getByTestId('new-prompt-name').fill(name);
  }

  /**
   * Types into Monaco itself (not the textarea shown while it loads), key by key at a brisk
   * human pace, and checks that the editor holds exactly what was typed.
   */
  async typeTemplate(text: string, { replace = false, delayMs = 80 } = {}) {
    const editor = this.page.locator('[data-testid="template-editor"][data-ready="true"] .monaco-editor');
    await editor.waitFor({ state: 'visible', timeout: 30_000 });
    await editor.click();
    if (replace) {
      await this.page.keyboard.press('ControlOrMeta+KeyA');
      await this.page.keyboard.press('Delete');
    }
    await this.page.keyboard.type(text, { delay: delayMs });
    const typed = await eventually(async () => {
      const now = await this.templateText();
      assert.equal(now, text);
      return now;
    }, 2_000).catch(async () => this.templateText());
    assert.equal(typed, text, 'Monaco should hold exactly the keys typed (a lost keystroke means the editor dropped input)');
  }

  /** What Monaco holds now, line by line as it renders them. */
  async templateText(): Promise<string> {
    return (await this.page.getByTestId('template-editor').locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  }

  async setSample(variable: string, value: string) {
    const input = this.page.getByTestId(`sample-${variable}`);
    await input.waitFor({ state: 'visible', timeout: WAIT_MS });
    await input.fill(value);
  }

  async expectVariables(...names: string[]) {
    for (const name of names) await expectVisible(this.page.getByTestId(`variable-${name}`));
  }

  preview() {
    return this.page.getByTestId('preview');
  }

  /** Waits for the server-rendered preview to show `text` (it renders a moment after the last keystroke). */
  async expectPreview(text: string | RegExp) {
    await expectText(this.page.locator('[data-testid="preview"][data-state="ok"] [data-testid="preview-text"]'), text);
  }

  async expectPreviewProblem(text: string | RegExp) {
    await expectText(this.page.getByTestId('preview-problem'), text);
  }

  productionCheckbox() {
    return this.page.getByTestId('save-label-production');
  }

  /** Saves the draft as a new version (or the new prompt's version 1) and waits for the prompt page. */
  async save({ name, message, production = false }: { name: string; message: string; production?: boolean }) {
    await this.page.getByTestId('commit-message').fill(message);
    if (production) await this.productionCheckbox().check();
    await this.page.getByTestId('save-version').click();
    const failure = this.page.getByTestId('action-error');
    await Promise.race([
      expectPath(this.page, promptUrl(name), 30_000),
      failure.waitFor({ state: 'visible', timeout: 30_000 }).then(async () => assert.fail(`saving failed: ${await failure.innerText()}`)),
    ]);
    await expectVisible(this.page.getByTestId('saved-version'));
  }
}
