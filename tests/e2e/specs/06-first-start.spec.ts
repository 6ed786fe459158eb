import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TMP_DIR } from '../support/app';
import { expectPath } from '../support/expect';
import { LoginPage } from '../support/pages/login-page';
import { PromptsPage } from '../support/pages/prompts-page';
import { defineSpec } from '../support/runner';
import { startServer } from '../support/server';

// What a newcomer gets from `npm install && npm start`: no configuration at all. Blank values
// count as unset, so a developer's own ADMIN_EMAIL or AUTH_SECRET cannot leak into this start.
const NEWCOMER_ENV = { ADMIN_EMAIL: '', ADMIN_PASSWORD: '', AUTH_SECRET: '', VERSO_INIT_API_KEY: '', VERSO_SEED_DEMO: '' };

export default defineSpec('First start with no configuration', (test) => {
  test(
    'prints the admin password last, in a box, and that password signs in',
    async ({ anonymous, screenshot }) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verso-e2e-first-'));
      const logFile = path.join(TMP_DIR, 'first-start.log');
      const server = await startServer({
        dataDir,
        env: NEWCOMER_ENV,
        logFile,
        // Ready when a newcomer would act: the password has been printed and the login page answers.
        ready: async (url) => /password:/.test(fs.readFileSync(logFile, 'utf8')) && (await fetch(`${url}/login`)).ok,
        timeoutMs: 240_000,
      });
      try {
        const output = server.output();
        const lines = output.trimEnd().split('\n');
        const email = output.match(/email:\s+(\S+)/)?.[1];
        const password = output.match(/password:\s+(\S+)/)?.[1];
        assert.equal(email, 'admin@localhost', output);
        assert.ok(password && password.length >= 16, output);
        // The box is the last thing printed: after Next's "Ready" and after the demo seeding.
        assert.match(lines.at(-1)!.trim(), /^└─+┘$/, `the output does not end with the box:\n${output}`);
        const top = lines.findLastIndex((l) => /^\s*┌─+┐$/.test(l));
        assert.ok(top > lines.findIndex((l) => /Ready/.test(l)), `the box comes before "Ready":\n${output}`);
        assert.ok(top > lines.findIndex((l) => /Seeded demo/.test(l)), `the box comes before the demo seeding:\n${output}`);

        const page = await anonymous();
        await page.goto(`${server.url}/login`);
        await new LoginPage(page).submit(email, password);
        await expectPath(page, '/prompts');
        await new PromptsPage(page).expectListed('summarizer');
        await screenshot(page, 'first-start-signed-in');
      } finally {
        await server.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { timeoutMs: 300_000 },
  );
});
