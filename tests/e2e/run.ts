// End-to-end tests: `npm run test:e2e [-- <part of a spec file name>]`.
// Builds the app once into .next-e2e (unless up to date), starts `next start` on a free port
// with a fresh embedded database, runs every tests/e2e/specs/*.spec.ts in Debian's chromium,
// and always stops the server. The last line is `N passed, N failed`.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { startApp, type App } from './support/app';
import { hasChromium, launchBrowser, MISSING_CHROMIUM } from './support/browser';
import { clearFailureScreenshots, runSpecs, SCREENSHOT_DIR, type Results, type Spec } from './support/runner';
import { ensureBuild, ROOT, tail } from './support/server';

const SPEC_DIR = path.join(import.meta.dirname, 'specs');

async function loadSpecs(filter: string | undefined): Promise<Spec[]> {
  const files = fs
    .readdirSync(SPEC_DIR)
    .filter((f) => f.endsWith('.spec.ts') && (!filter || f.includes(filter)))
    .sort();
  if (files.length === 0) throw new Error(`No spec files in ${path.relative(ROOT, SPEC_DIR)}${filter ? ` matching "${filter}"` : ''}.`);
  const specs: Spec[] = [];
  for (const file of files) {
    const spec = (await import(pathToFileURL(path.join(SPEC_DIR, file)).href)).default as Spec | undefined;
    if (!spec?.tests) throw new Error(`${file} does not export a spec (export default defineSpec(…)).`);
    specs.push(spec);
  }
  return specs;
}

async function main(): Promise<number> {
  if (process.env.E2E === '0') {
    console.log('End-to-end tests skipped (E2E=0).');
    console.log('0 passed, 0 failed');
    return 0;
  }
  const results: Results = { passed: 0, failed: 0, failures: [] };
  const started = Date.now();
  let app: App | undefined;
  let browser: Browser | undefined;
  const cleanUp = async () => {
    await browser?.close().catch(() => {});
    await app?.stop().catch(() => {});
    browser = app = undefined;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log(`\n${signal}: stopping the server…`);
      void cleanUp().finally(() => process.exit(130));
    });
  }

  try {
    if (!hasChromium()) throw new Error(MISSING_CHROMIUM);
    const specs = await loadSpecs(process.argv[2]);
    clearFailureScreenshots();
    ensureBuild();
    const booting = Date.now();
    app = await startApp();
    console.log(`Server ready at ${app.url} in ${((Date.now() - booting) / 1000).toFixed(1)} s (log: tests/e2e/.tmp/server.log).`);
    browser = await launchBrowser();
    await runSpecs(specs, app, browser, results);
  } catch (error) {
    // The run could not get as far as the tests (build, server, browser): that is a failure too.
    results.failed++;
    results.failures.push('set-up');
    console.error(`\n✗ End-to-end set-up failed: ${error instanceof Error ? error.message : String(error)}`);
    if (app) console.error(`Server output:\n${tail(app.server.output())}`);
  } finally {
    await cleanUp();
  }

  console.log('');
  if (results.failures.length > 0) console.log(`Failed:\n${results.failures.map((f) => `  ✗ ${f}`).join('\n')}`);
  console.log(`Screenshots in ${path.relative(ROOT, SCREENSHOT_DIR)}/. End-to-end run took ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  console.log(`${results.passed} passed, ${results.failed} failed`);
  return results.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
