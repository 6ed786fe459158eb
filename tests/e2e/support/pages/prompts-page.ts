import type { Page } from 'playwright-core';
import { expectText, expectVisible } from '../expect';

/** The prompt list at /prompts. */
export class PromptsPage {
  constructor(readonly page: Page) {}

  async goto(query = '') {
    await this.page.goto(`/prompts${query}`);
    await expectVisible(this.page.getByRole('heading', { name: 'Prompts' }));
  }

  list() {
    return this.page.getByTestId('prompt-list');
  }

  row(name: string) {
    return this.page.getByTestId(`prompt-row-${name}`);
  }

  async expectListed(...names: string[]) {
    for (const name of names) await expectText(this.list(), name);
  }

  async search(text: string) {
    await this.goto(`?q=${encodeURIComponent(text)}`);
  }
}
