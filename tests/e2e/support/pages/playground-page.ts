import type { Page } from 'playwright-core';
import { expectVisible } from '../expect';

/** The playground at /playground: columns of (version, model), variables filled once. */
export class PlaygroundPage {
  constructor(readonly page: Page) {}

  async goto(prompt: string) {
    await this.page.goto(`/playground?prompt=${encodeURIComponent(prompt)}`);
    await expectVisible(this.page.getByTestId('column-0'));
  }

  column(i: number, part: string) {
    return this.page.getByTestId(`column-${i}-${part}`);
  }

  async addColumn() {
    const before = await this.page.locator('[data-testid^="column-"][data-testid$="-version"]').count();
    await this.page.getByTestId('add-column').click();
    await expectVisible(this.page.getByTestId(`column-${before}`));
  }

  async pick(i: number, version: number, model: { provider: string; model: string }) {
    await this.column(i, 'version').selectOption(String(version));
    await this.column(i, 'model').selectOption(JSON.stringify([model.provider, model.model]));
  }

  async fill(name: string, value: string) {
    await this.page.getByTestId(`variable-${name}`).fill(value);
  }

  async run() {
    await this.page.getByTestId('run-playground').click();
  }

  /** Waits for a column's answer (its figures appear with it) and returns what it shows. */
  async result(i: number) {
    await expectVisible(this.column(i, 'latency'));
    return {
      output: await this.column(i, 'output').innerText(),
      latency: await this.column(i, 'latency').innerText(),
      tokens: await this.column(i, 'tokens').innerText(),
      cost: await this.column(i, 'cost').innerText(),
    };
  }
}
