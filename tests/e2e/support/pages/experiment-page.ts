import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { eventually, expectText, expectVisible, WAIT_MS } from '../expect';

export type ExperimentStatus = 'draft' | 'running' | 'paused' | 'completed';
export type Verdict = 'draft' | 'ship' | 'keep_control' | 'keep_running' | 'inconclusive' | 'check_setup';

/** One experiment's results page, /experiments/<key>. */
export class ExperimentPage {
  constructor(readonly page: Page) {}

  async goto(key: string) {
    await this.page.goto(`/experiments/${encodeURIComponent(key)}`);
    await expectVisible(this.page.getByTestId('experiment-status'));
  }

  async expectStatus(status: ExperimentStatus, timeoutMs = WAIT_MS) {
    await expectVisible(this.page.locator(`[data-testid="experiment-status"][data-status="${status}"]`), timeoutMs);
  }

  recommendation(): Locator {
    return this.page.getByTestId('recommendation');
  }

  async verdict(): Promise<string | null> {
    return this.recommendation().getAttribute('data-verdict', { timeout: 5_000 });
  }

  async expectVerdict(verdict: Verdict, timeoutMs = WAIT_MS) {
    await expectVisible(this.page.locator(`[data-testid="recommendation"][data-verdict="${verdict}"]`), timeoutMs);
  }

  /**
   * Reloads the page until the recommendation reaches `verdict`, as a person refreshing it
   * would (the page's own auto-refresh is slower); returns the recommendation's text.
   */
  async reloadUntilVerdict(verdict: Verdict, timeoutMs: number): Promise<string> {
    return eventually(
      async () => {
        await this.page.reload();
        await expectVisible(this.recommendation(), 10_000);
        const now = await this.verdict();
        assert.equal(now, verdict, `the recommendation says ${now}: ${await this.recommendation().innerText()}`);
        return this.recommendation().innerText();
      },
      timeoutMs,
      1_000,
    );
  }

  /** A lifecycle button (start, pause, …) and its confirmation; returns the dialog's text. */
  async transition(testId: 'start-experiment' | 'pause-experiment' | 'resume-experiment' | 'complete-experiment'): Promise<string> {
    const text = await (await this.openDialog(this.page.getByTestId(testId))).innerText();
    const confirm = this.page.getByTestId(`confirm-${testId}`);
    await confirm.click();
    await this.closedOrFailed(confirm);
    return text;
  }

  /** Opens "Ship <variant>" and returns the confirmation dialog, not yet confirmed. */
  async openDeclareWinner(variant: string): Promise<Locator> {
    return this.openDialog(this.page.getByTestId(`declare-winner-${variant}`));
  }

  /** Clicks until the confirmation opens: a click before the page is hydrated opens nothing. */
  private async openDialog(trigger: Locator): Promise<Locator> {
    const dialog = this.page.getByRole('alertdialog');
    await eventually(async () => {
      if (!(await dialog.isVisible())) await trigger.click({ timeout: 5_000 });
      await dialog.waitFor({ state: 'visible', timeout: 3_000 });
    }, 30_000);
    return dialog;
  }

  async confirmDeclareWinner() {
    const confirm = this.page.getByTestId('confirm-declare-winner');
    await confirm.click();
    await this.closedOrFailed(confirm);
  }

  /** The dialog closes once the server has done it; a refusal stays in it and fails the test. */
  private async closedOrFailed(confirm: Locator) {
    const refusal = this.page.getByTestId('confirm-error');
    await Promise.race([
      confirm.waitFor({ state: 'detached', timeout: 30_000 }),
      refusal.waitFor({ state: 'visible', timeout: 30_000 }).then(async () => assert.fail(`refused: ${await refusal.innerText()}`)),
    ]);
  }

  async expectText(testId: string, text: string | RegExp) {
    await expectText(this.page.getByTestId(testId), text);
  }
}
