import type { Page } from 'playwright-core';
import { expectVisible } from '../expect';

/** /account: the signed-in user's own password. */
export class AccountPage {
  constructor(readonly page: Page) {}

  async expectOpen() {
    await expectVisible(this.page.getByRole('heading', { name: 'Account' }));
  }

  async changePassword(current: string, next: string, confirm = next) {
    const form = this.page.getByTestId('change-password-form');
    await form.locator('input[name="current"]').fill(current);
    await form.locator('input[name="next"]').fill(next);
    await form.locator('input[name="confirm"]').fill(confirm);
    await form.getByTestId('change-password').click();
  }
}
