import assert from 'node:assert/strict';
import { accounts } from '../support/app';
import { expectPath, expectText, expectVisible } from '../support/expect';
import { LoginPage } from '../support/pages/login-page';
import { PromptsPage } from '../support/pages/prompts-page';
import { defineSpec } from '../support/runner';

// The demo data (VERSO_SEED_DEMO defaults on) gives every run the same four prompts.
const DEMO_PROMPTS = ['support/reply', 'summarizer', 'sql/generator', 'ticket-classifier'];

export default defineSpec('Sign-in, the prompt list and the REST API', (test) => {
  test('sends a visitor without a session to the login page', async ({ anonymous, screenshot }) => {
    const page = await anonymous();
    await page.goto('/prompts');
    await expectPath(page, '/login');
    await screenshot(page, 'login');
  });

  test('refuses a wrong password and keeps the visitor on the login page', async ({ anonymous, screenshot }) => {
    const login = new LoginPage(await anonymous());
    await login.goto();
    await login.submit(accounts.admin.email, 'not-the-password');
    await login.expectRefused('Wrong email or password.');
    await screenshot(login.page, 'login-refused');
  });

  test('signs the admin in and lists the demo prompts', async ({ as, screenshot }) => {
    const page = await as('admin');
    const prompts = new PromptsPage(page);
    await prompts.goto();
    await prompts.expectListed(...DEMO_PROMPTS);
    await expectText(page.getByRole('banner'), 'admin');
    await expectText(page.getByRole('navigation', { name: 'Console' }), 'Audit log');
    await screenshot(page, 'prompts');
  });

  test('signs in an editor and a viewer made with the CLI, each with their own role', async ({ as }) => {
    for (const role of ['editor', 'viewer'] as const) {
      const page = await as(role);
      await new PromptsPage(page).expectListed('summarizer');
      await expectText(page.getByRole('banner'), role);
      // Only admins see the audit log and settings.
      assert.equal(await page.getByRole('link', { name: 'Audit log' }).count(), 0, `${role} sees the audit log link`);
    }
  });

  test('offers the service role for API keys, with what each role may do, and never for a person', async ({ as }) => {
    const page = await as('admin');
    const optionsOf = (select: string) => page.locator(`${select} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    await page.goto('/settings/api-keys');
    await page.getByTestId('create-api-key').click();
    await expectVisible(page.getByTestId('create-api-key-form'));
    assert.deepEqual(await optionsOf('#api-key-role'), ['viewer', 'service', 'editor', 'admin']);
    await expectText(page.locator('#api-key-role option[value="service"]'), /an application: resolves and runs prompts/);
    await expectText(page.getByTestId('api-key-role-hint'), /needs service; viewer only reads/);

    await page.goto('/settings/users');
    await page.getByTestId('create-user').click();
    await expectVisible(page.getByTestId('create-user-form'));
    assert.deepEqual(await optionsOf('#user-role'), ['viewer', 'editor', 'admin']);
    for (const roles of await page.getByTestId('user-role').evaluateAll((ss) => ss.map((s) => [...(s as HTMLSelectElement).options].map((o) => o.value)))) {
      assert.deepEqual(roles, ['viewer', 'editor', 'admin']);
    }
  });

  test('refuses API calls without a valid key, in the error envelope', async ({ app }) => {
    const none = await fetch(`${app.url}/api/v1/prompts/summarizer`);
    assert.equal(none.status, 401);
    assert.equal((await none.json()).error.code, 'unauthorized');
    const wrong = await app.api('GET', '/api/v1/prompts/summarizer', undefined, 'vrs_not-a-key-at-all-0000000000');
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error.code, 'unauthorized');
  });

  test('serves the production version of a prompt over the API', async ({ app }) => {
    const { status, body } = await app.api('GET', '/api/v1/prompts/summarizer');
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.name, 'summarizer');
    assert.equal(body.version, 2, 'the demo deploys version 2 of the summariser');
    assert.ok(body.labels.includes('production'), `labels: ${body.labels}`);
    assert.equal(body.type, 'text');
    assert.match(body.template, /bullet points/);
    assert.deepEqual(body.variables.map((v: { name: string }) => v.name).sort(), ['audience', 'bullets', 'text']);

    const staging = await app.api('GET', '/api/v1/prompts/ticket-classifier?label=staging');
    assert.equal(staging.status, 200);
    assert.equal(staging.body.version, 3);

    const unknown = await app.api('GET', '/api/v1/prompts/no-such-prompt');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'not_found');
  });

  test('renders the production version with the caller’s variables over the API', async ({ app }) => {
    const text = 'Verso keeps every prompt version and deploys one by moving a label.';
    const { status, body } = await app.api('POST', '/api/v1/prompts/summarizer/render', {
      variables: { text, audience: 'a busy CTO' },
    });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.version, 2);
    assert.equal(body.type, 'text');
    assert.equal(
      body.text,
      `Summarise the text below in 3 bullet points of at most 20 words each, for a busy CTO.\n\nText:\n"""\n${text}\n"""`,
    );

    const chat = await app.api('POST', '/api/v1/prompts/support%2Freply/render', {
      variables: { company: 'Acme', ticket: 'My invoice is wrong', ticket_id: 42, customer_name: 'Ada', tone: 'friendly' },
    });
    assert.equal(chat.status, 200, JSON.stringify(chat.body));
    assert.equal(chat.body.type, 'chat');
    assert.ok(chat.body.messages.length >= 2);
    assert.ok(chat.body.messages.some((m: { content: string }) => m.content.includes('My invoice is wrong')));

    const missing = await app.api('POST', '/api/v1/prompts/summarizer/render', { variables: {} });
    assert.equal(missing.status, 422);
    assert.equal(missing.body.error.code, 'missing_variables');
    assert.deepEqual([...missing.body.error.details.missing].sort(), ['audience', 'text']);
  });
});
