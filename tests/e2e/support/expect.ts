// The few waiting assertions the specs need; playwright-core has no `expect`.
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';

export const WAIT_MS = 15_000;

/** Retries `check` until it stops throwing or the time is up; then throws its last error. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = WAIT_MS, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

const matches = (actual: string, expected: string | RegExp) =>
  typeof expected === 'string' ? actual.includes(expected) : expected.test(actual);

/** Waits until the element's visible text contains `expected`. */
export async function expectText(locator: Locator, expected: string | RegExp, timeoutMs = WAIT_MS): Promise<string> {
  return eventually(async () => {
    const actual = await locator.innerText({ timeout: 1_000 });
    assert.ok(matches(actual, expected), `expected ${locator} to contain ${expected}, got:\n${actual.slice(0, 500)}`);
    return actual;
  }, timeoutMs);
}

/** Waits until the element's visible text no longer contains `unexpected`. */
export async function expectNoText(locator: Locator, unexpected: string | RegExp, timeoutMs = WAIT_MS): Promise<void> {
  await eventually(async () => {
    const actual = await locator.innerText({ timeout: 1_000 });
    assert.ok(!matches(actual, unexpected), `expected ${locator} not to contain ${unexpected}, got:\n${actual.slice(0, 500)}`);
  }, timeoutMs);
}

export async function expectVisible(locator: Locator, timeoutMs = WAIT_MS): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
}

export async function expectCount(locator: Locator, count: number, timeoutMs = WAIT_MS): Promise<void> {
  await eventually(async () => assert.equal(await locator.count(), count, `expected ${count} of ${locator}`), timeoutMs);
}

export async function expectPath(page: Page, pathname: string | RegExp, timeoutMs = WAIT_MS): Promise<void> {
  await eventually(() => {
    const actual = new URL(page.url()).pathname;
    assert.ok(typeof pathname === 'string' ? actual === pathname : pathname.test(actual), `expected to be at ${pathname}, at ${actual}`);
  }, timeoutMs);
}
