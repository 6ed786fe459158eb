import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

// Debian's chromium: Playwright's own browser download cannot work on these machines.
export const CHROMIUM = '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps dialling Google's hosts, which this
// closed network refuses; --no-sandbox because CI runs as root.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const MISSING_CHROMIUM = `${CHROMIUM} is missing: install Debian's chromium with \`apt-get install chromium\` (or set E2E=0 to skip the browser tests).`;

export function hasChromium(): boolean {
  return fs.existsSync(CHROMIUM);
}

/**
 * `launch` (not a persistent context) gives every run a fresh, empty user-data dir that
 * Playwright creates and deletes, and lets each role have a context of its own.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}
