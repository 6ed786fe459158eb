import type { Page } from 'playwright-core';
import type { Account } from '../app';
import { expectPath, expectText } from '../expect';

export class LoginPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto('/login');
  }

  async submit(email: string, password: string) {
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** Signs in through the form and waits for the console. */
  async signIn(account: Pick<Account, 'email' | 'password'>) {
    await this.goto();
    await this.submit(account.email, account.password);
    await expectPath(this.page, '/prompts');
  }

  /** The message the form shows for a refused sign-in. */
  async expectRefused(message: string | RegExp = 'Wrong email or password.') {
    // Inside the form: Next.js has a role=alert route announcer of its own.
    await expectText(this.page.locator('form [role="alert"]'), message);
    await expectPath(this.page, '/login');
  }
}
