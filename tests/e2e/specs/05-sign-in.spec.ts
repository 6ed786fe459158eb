import assert from 'node:assert/strict';
import type { Cookie, Page } from 'playwright-core';
import { accounts } from '../support/app';
import { expectPath } from '../support/expect';
import { LoginPage } from '../support/pages/login-page';
import { PromptsPage } from '../support/pages/prompts-page';
import { defineSpec } from '../support/runner';

/** Opens `pathname` in a new browser context that holds only `cookie`; returns where it ended up. */
async function visitWithCookie(from: Page, cookie: Cookie, pathname: string) {
  const context = await from.context().browser()!.newContext({ baseURL: new URL(from.url()).origin });
  try {
    await context.addCookies([cookie]);
    const page = await context.newPage();
    await page.goto(pathname);
    return new URL(page.url()).pathname;
  } finally {
    await context.close();
  }
}

export default defineSpec('Sessions end when their browser signs out', (test) => {
  test('a copy of the session cookie stops working once its browser signs out', async ({ anonymous }) => {
    const page = await anonymous();
    await new LoginPage(page).signIn(accounts.editor);
    const session = (await page.context().cookies()).find((c) => c.name.endsWith('next-auth.session-token'));
    assert.ok(session, 'the sign-in set a session cookie');

    // While the browser is signed in, the copy is as good as the original ...
    assert.equal(await visitWithCookie(page, session, '/prompts'), '/prompts');

    await new PromptsPage(page).goto();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expectPath(page, '/login');

    // ... and once it signs out, the copy is sent to sign in like anyone else.
    assert.equal(await visitWithCookie(page, session, '/prompts'), '/login');
  });
});
