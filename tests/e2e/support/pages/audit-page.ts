import type { Page } from 'playwright-core';
import { eventually, expectVisible } from '../expect';

export type AuditFilter = { actor?: string; action?: string; entityType?: string; entityId?: string };

/** The audit log at /audit (admins only). */
export class AuditPage {
  constructor(readonly page: Page) {}

  async goto(filter: AuditFilter = {}) {
    const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => !!e[1])).toString();
    await this.page.goto(`/audit${query ? `?${query}` : ''}`);
    await expectVisible(this.page.getByRole('heading', { name: 'Audit log' }));
  }

  /** Each row's text, newest first. */
  async rows(): Promise<string[]> {
    await expectVisible(this.page.getByTestId('audit-table'));
    return eventually(async () => {
      const texts = await this.page.getByTestId('audit-row').allInnerTexts();
      if (texts.length === 0) throw new Error('the audit table has no rows');
      return texts.map((t) => t.replace(/\s+/g, ' '));
    });
  }
}
