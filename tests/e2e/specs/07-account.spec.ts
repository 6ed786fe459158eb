import assert from 'node:assert/strict';
import { accounts } from '../support/app';
import { expectPath, expectText } from '../support/expect';
import { AccountPage } from '../support/pages/account-page';
import { LoginPage } from '../support/pages/login-page';
import { PromptsPage } from '../support/pages/prompts-page';
import { UsersPage } from '../support/pages/users-page';
import { defineSpec } from '../support/runner';

const viewer = accounts.viewer;

export default defineSpec(
  'Passwords: an admin resets one, the user chooses a new one',
  (test) => {
    let oneTime = '';

    test('an admin resets the viewer’s password and sees a one-time password once', async ({ as, screenshot }) => {
      const users = new UsersPage(await as('admin'));
      await users.goto();
      oneTime = await users.resetPassword(viewer.email);
      assert.notEqual(oneTime, viewer.password);
      await screenshot(users.page, 'users-after-reset');
    });

    test('the old password no longer signs in', async ({ anonymous }) => {
      const login = new LoginPage(await anonymous());
      await login.goto();
      await login.submit(viewer.email, viewer.password);
      await login.expectRefused();
    });

    test('the one-time password signs in to the Account page only, until a new password is chosen', async ({ anonymous, screenshot }) => {
      const page = await anonymous();
      const login = new LoginPage(page);
      await login.goto();
      await login.submit(viewer.email, oneTime);
      await expectPath(page, '/account');
      const account = new AccountPage(page);
      await account.expectOpen();
      await expectText(page.getByTestId('must-change-password'), 'Choose a new password');
      await screenshot(page, 'account-must-change');

      // Enforced by the server, not only by hiding the links.
      await page.goto('/prompts');
      await expectPath(page, '/account');

      await account.changePassword(oneTime, 'mismatch-one', 'mismatch-two');
      await expectText(page.getByTestId('change-password-form'), 'Does not match the new password.');

      // Back to the password the other specs sign in with.
      await account.changePassword(oneTime, viewer.password);
      await expectPath(page, '/prompts');
      await new PromptsPage(page).expectListed('summarizer');

      // The name in the header leads back to the account page, now without the obligation.
      await page.getByTestId('current-user').click();
      await expectPath(page, '/account');
      await expectText(page.getByTestId('account-email'), viewer.email);
      assert.equal(await page.getByTestId('must-change-password').count(), 0);
    });

    test('the new password signs in straight to the console; the one-time password is spent', async ({ anonymous }) => {
      const again = new LoginPage(await anonymous());
      await again.signIn(viewer);
      const spent = new LoginPage(await anonymous());
      await spent.goto();
      await spent.submit(viewer.email, oneTime);
      await spent.expectRefused();
    });
  },
  { serial: true },
);
