import type { Page } from 'playwright-core';
import { expectText, expectVisible } from '../expect';

/** Settings → Users (admins only). */
export class UsersPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto('/settings/users');
    await expectVisible(this.page.getByRole('heading', { name: 'Users' }));
  }

  /** Resets the user's password through the confirm dialog; returns the one-time password it shows once. */
  async resetPassword(email: string): Promise<string> {
    await this.page.locator(`[data-testid="user-row"][data-email="${email}"]`).getByTestId('reset-password').click();
    await this.page.getByTestId('confirm-reset-password').click();
    const oneTime = (await expectText(this.page.getByTestId('one-time-password'), /\S{16,}/)).trim();
    await this.page.getByTestId('close-one-time-password').click();
    return oneTime;
  }
}
