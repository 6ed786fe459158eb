// A small test runner: specs are lists of tests run in order against one server and one
// browser. Each spec gets fresh browser contexts (one signed-in session per role); a failing
// test leaves a screenshot of every page the spec has open.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { App, Role } from './app';
import { accounts } from './app';
import { LoginPage } from './pages/login-page';
import { ROOT } from './server';

export const SCREENSHOT_DIR = path.join(ROOT, 'tests', 'e2e', 'screenshots');
const TEST_TIMEOUT_MS = 120_000;
const VIEWPORT = { width: 1280, height: 800 };

export type TestContext = {
  app: App;
  /** A page signed in as `role`: one session per role per spec, signed in through the login form on first use. */
  as: (role: Role) => Promise<Page>;
  /** A page in a context with no session. */
  anonymous: () => Promise<Page>;
  /** Saves a full-page screenshot as tests/e2e/screenshots/<name>.png. */
  screenshot: (page: Page, name: string) => Promise<void>;
};

type TestFn = (ctx: TestContext) => Promise<void>;
/** `timeoutMs`: a longer limit than the default for a test that waits on real work (a traffic simulation). */
type TestOptions = { timeoutMs?: number };
type Test = { title: string; fn: TestFn; timeoutMs: number };
export type Spec = { title: string; serial: boolean; tests: Test[] };

/**
 * `serial`: the tests are steps of one story (each builds on the one before), so once one
 * fails the rest are reported as failed without running.
 */
export function defineSpec(
  title: string,
  define: (test: (title: string, fn: TestFn, options?: TestOptions) => void) => void,
  options: { serial?: boolean } = {},
): Spec {
  const tests: Test[] = [];
  define((testTitle, fn, testOptions) => tests.push({ title: testTitle, fn, timeoutMs: testOptions?.timeoutMs ?? TEST_TIMEOUT_MS }));
  return { title, serial: options.serial ?? false, tests };
}

export type Results = { passed: number; failed: number; failures: string[] };

const fileSafe = (s: string) => s.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function clearFailureScreenshots() {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const file of fs.readdirSync(SCREENSHOT_DIR)) if (file.startsWith('failure-')) fs.rmSync(path.join(SCREENSHOT_DIR, file));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function runSpecs(specs: Spec[], app: App, browser: Browser, results: Results, print = console.log): Promise<void> {
  for (const spec of specs) {
    print(`\n${spec.title}`);
    const contexts: BrowserContext[] = [];
    const sessions = new Map<Role, Promise<Page>>();
    const newPage = async () => {
      const context = await browser.newContext({ viewport: VIEWPORT, baseURL: app.url });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      return context.newPage();
    };
    const ctx: TestContext = {
      app,
      anonymous: newPage,
      as: (role) => {
        let session = sessions.get(role);
        if (!session) {
          session = newPage().then(async (page) => {
            await new LoginPage(page).signIn(accounts[role]);
            return page;
          });
          sessions.set(role, session);
          // A failed sign-in is not remembered: the next test tries again.
          session.catch(() => sessions.delete(role));
        }
        return session;
      },
      screenshot: async (page, name) => {
        fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
      },
    };

    let broken: string | undefined;
    for (const test of spec.tests) {
      if (broken) {
        results.failed++;
        results.failures.push(`${spec.title} › ${test.title}`);
        print(`  ✗ ${test.title} (not run: "${broken}" failed)`);
        continue;
      }
      const started = Date.now();
      try {
        await withTimeout(test.fn(ctx), test.timeoutMs, `"${test.title}"`);
        results.passed++;
        print(`  ✓ ${test.title} (${seconds(Date.now() - started)})`);
      } catch (error) {
        results.failed++;
        results.failures.push(`${spec.title} › ${test.title}`);
        print(`  ✗ ${test.title} (${seconds(Date.now() - started)})`);
        print(indent(error instanceof Error ? (error.stack ?? error.message) : String(error)));
        for (const shot of await failureScreenshots(contexts, `${fileSafe(spec.title)}--${fileSafe(test.title)}`)) {
          print(`      screenshot: ${path.relative(ROOT, shot)}`);
        }
        if (spec.serial) broken = test.title;
      }
    }
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  }
}

async function failureScreenshots(contexts: BrowserContext[], name: string): Promise<string[]> {
  const saved: string[] = [];
  const pages = contexts.flatMap((c) => c.pages());
  for (const [i, page] of pages.entries()) {
    const file = path.join(SCREENSHOT_DIR, `failure-${name}${pages.length > 1 ? `-${i + 1}` : ''}.png`);
    try {
      await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
      saved.push(file);
    } catch {
      // A closed or crashed page has nothing to show.
    }
  }
  return saved;
}

const indent = (text: string) =>
  text
    .split('\n')
    .slice(0, 15)
    .map((line) => `      ${line}`)
    .join('\n');
