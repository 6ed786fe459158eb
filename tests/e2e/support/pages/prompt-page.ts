import type { Locator, Page } from 'playwright-core';
import { expectText, expectVisible } from '../expect';

/** A prompt's page: the deployed version, the version history and the label moves. */
export class PromptPage {
  constructor(readonly page: Page) {}

  async goto(name: string) {
    await this.page.goto(`/prompts/${name.split('/').map(encodeURIComponent).join('/')}`);
    await expectVisible(this.page.getByTestId('version-history'));
  }

  versionRow(version: number) {
    return this.page.getByTestId(`version-row-${version}`);
  }

  promoteButton(version: number) {
    return this.page.getByTestId(`promote-${version}`);
  }

  async expectDeployed(version: number) {
    await expectText(this.page.getByTestId('deployed-version'), `In production: v${version}`);
  }

  /** Promotes a version to production through the confirmation dialog. */
  async promote(version: number) {
    await this.promoteButton(version).click();
    await this.page.getByTestId(`confirm-promote-${version}`).click();
    await this.expectDeployed(version);
  }

  /** The label moves table, newest first. */
  moves(): Locator {
    return this.page.getByTestId('label-moves').locator('[data-testid^="label-move-"]');
  }

  /** The newest move of `label` (its row). */
  async newestMove(label: string): Promise<Locator> {
    await expectText(this.page.getByTestId('label-moves'), label);
    return this.moves().filter({ hasText: label }).first();
  }

  /** Rolls back the newest move of `label` through its confirmation dialog; returns the move's id. */
  async rollBackNewestMove(label: string): Promise<string> {
    const row = await this.newestMove(label);
    const button = row.locator('[data-testid^="rollback-"]');
    const moveId = (await button.getAttribute('data-testid'))!.slice('rollback-'.length);
    await button.click();
    const confirm = this.page.getByTestId(`confirm-rollback-${moveId}`);
    await confirm.click();
    // The dialog closes once the server has moved the label.
    await confirm.waitFor({ state: 'detached' });
    return moveId;
  }
}
