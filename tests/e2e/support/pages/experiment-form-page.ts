import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { eventually, expectPath, expectText, expectVisible, WAIT_MS } from '../expect';

export type VariantEntry = { key: string; version: number; weight: number };
export type NewExperiment = {
  prompt: string;
  name: string;
  key: string;
  variants: VariantEntry[];
  metric: { name: string; type: 'binary' | 'continuous' };
};

/** The create form at /experiments/new. */
export class ExperimentFormPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto('/experiments/new');
    await expectVisible(this.page.getByTestId('experiment-form'));
  }

  /**
   * Picks the prompt and waits for the variant rows to offer its versions: that happens in
   * the browser, so it also proves the form is hydrated (a pick made before would be lost).
   */
  async pickPrompt(name: string, latestVersion: number) {
    const select = this.page.getByTestId('experiment-prompt');
    const offered = this.page.getByTestId('variant-1-version').locator(`option[value="${latestVersion}"]`);
    await eventually(async () => {
      await select.selectOption(name, { timeout: 2_000 });
      await offered.waitFor({ state: 'attached', timeout: 2_000 });
    }, WAIT_MS);
  }

  /** Fills the form, checking every value landed, and the live share of traffic. */
  async fill(e: NewExperiment) {
    await this.pickPrompt(e.prompt, Math.max(...e.variants.map((v) => v.version)));
    await this.page.getByTestId('experiment-name').fill(e.name);
    await this.page.getByTestId('experiment-key').fill(e.key);
    for (const [i, v] of e.variants.entries()) {
      await this.page.getByTestId(`variant-${i}-key`).fill(v.key);
      await this.page.getByTestId(`variant-${i}-version`).selectOption(String(v.version));
      await this.page.getByTestId(`variant-${i}-weight`).fill(String(v.weight));
    }
    await this.page.getByTestId('metric-name').fill(e.metric.name);
    await this.page.getByTestId('metric-type').selectOption(e.metric.type);

    const total = e.variants.reduce((a, v) => a + v.weight, 0);
    for (const [i, v] of e.variants.entries()) {
      await expectText(this.page.getByTestId(`variant-${i}-share`), `${((100 * v.weight) / total).toFixed(1)}% of traffic`);
      assert.equal(await this.page.getByTestId(`variant-${i}-key`).inputValue(), v.key);
      assert.equal(await this.page.getByTestId(`variant-${i}-version`).inputValue(), String(v.version));
    }
    assert.equal(await this.page.getByTestId('experiment-key').inputValue(), e.key);
    assert.equal(await this.page.getByTestId('metric-name').inputValue(), e.metric.name);
    assert.equal(await this.page.getByTestId('experiment-prompt').inputValue(), e.prompt);
  }

  /** Creates the experiment and waits for its results page (or fails with the form's message). */
  async create(key: string) {
    await this.page.getByTestId('create-experiment').click();
    const failure = this.page.getByTestId('experiment-form-error');
    await Promise.race([
      expectPath(this.page, `/experiments/${encodeURIComponent(key)}`, 30_000),
      failure.waitFor({ state: 'visible', timeout: 30_000 }).then(async () => assert.fail(`creating failed: ${await failure.innerText()}`)),
    ]);
  }
}
