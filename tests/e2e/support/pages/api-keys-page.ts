import type { Page } from 'playwright-core';
import type { Role } from '../app';
import { expectText, expectVisible } from '../expect';

/** Settings → API keys (admins only). */
export class ApiKeysPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto('/settings/api-keys');
    await expectVisible(this.page.getByRole('heading', { name: 'API keys' }));
  }

  /** Creates a key in the dialog and returns the plain key, which the page shows once. */
  async create(name: string, role: Role): Promise<string> {
    await this.page.getByTestId('create-api-key').click();
    const form = this.page.getByTestId('create-api-key-form');
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Role').selectOption(role);
    await form.getByRole('button', { name: 'Create key' }).click();
    const key = (await expectText(this.page.getByTestId('new-api-key'), /\S{20,}/)).trim();
    await this.page.getByTestId('close-new-api-key').click();
    await expectText(this.page.getByTestId('api-keys-table'), name);
    return key;
  }
}
