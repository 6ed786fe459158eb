import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { getPromptByName } from '@/db/queries/prompts';
import { auditEvents, promptVersions } from '@/db/schema';
import { createVersion } from '@/lib/prompts/registry';
import { newVersionInput } from '@/lib/prompts/schemas';
import { admin, editor } from '../support/actors';
import { withTestDatabase } from '../support/db';
import { givenPrompt } from '../support/prompts';
import { discoverRoutes } from '../support/routes';
import { leavesDatabaseAsItWas } from '../support/snapshot';

withTestDatabase();

async function versionRows(promptName: string) {
  const prompt = await getPromptByName(getDb(), promptName);
  return getDb().select().from(promptVersions).where(eq(promptVersions.promptId, prompt!.id)).orderBy(promptVersions.version);
}

/** The database's own answer to a statement: the error it raises, or null. */
async function refusal(statement: ReturnType<typeof sql>): Promise<string | null> {
  try {
    await getDb().execute(statement);
    return null;
  } catch (error) {
    const e = error as { message: string; cause?: { message: string } };
    return e.cause?.message ?? e.message;
  }
}

describe('versions cannot change', () => {
  it('refuses UPDATE and DELETE on prompt_versions in the database itself', async () => {
    await givenPrompt('frozen', { versions: 2 });
    const rows = await leavesDatabaseAsItWas(async () => {
      expect(await refusal(sql`update prompt_versions set template = 'hacked'`)).toMatch(/prompt_versions rows are immutable/);
      expect(await refusal(sql`update prompt_versions set commit_message = 'x' where version = 1`)).toMatch(/immutable/);
      expect(await refusal(sql`delete from prompt_versions where version = 2`)).toMatch(/prompt_versions rows are immutable/);
      expect(await refusal(sql`delete from prompt_versions`)).toMatch(/immutable/);
      return versionRows('frozen');
    });
    expect(rows.map((v) => v.template)).toEqual(['v1 {{ name }}', 'v2 {{ name }}']);
  });

  it('refuses UPDATE and DELETE on audit_events: the trail is append-only', async () => {
    await givenPrompt('audited');
    await leavesDatabaseAsItWas(async () => {
      expect(await refusal(sql`update audit_events set actor_name = 'nobody'`)).toMatch(/audit_events rows are immutable/);
      expect(await refusal(sql`delete from audit_events`)).toMatch(/audit_events rows are immutable/);
    });
  });

  it('refuses the change inside a transaction too, and the transaction keeps nothing of it', async () => {
    await givenPrompt('frozen-tx');
    await leavesDatabaseAsItWas(async () => {
      await expect(
        getDb().transaction(async (tx) => {
          await tx.insert(auditEvents).values({ id: crypto.randomUUID(), actorType: 'system', actorName: 'x', action: 'x', entityType: 'x', entityId: 'x' });
          await tx.update(promptVersions).set({ template: 'hacked' }).where(eq(promptVersions.version, 1));
        }),
      ).rejects.toThrow();
    });
  });

  it('leaves every earlier version exactly as it was when a new version is saved', async () => {
    await givenPrompt('stable', { versions: 2, labels: ['staging'] });
    const earlier = await versionRows('stable');
    await createVersion(editor, 'stable', newVersionInput.parse({ template: 'v3 {{ other }}', labels: ['staging'], variables: [{ name: 'other' }] }));
    await createVersion(admin, 'stable', newVersionInput.parse({ messages: [{ role: 'user', content: 'chat now' }], labels: ['production'] }));
    const now = await versionRows('stable');
    expect(now.map((v) => v.version)).toEqual([1, 2, 3, 4]);
    expect(now.slice(0, 2)).toEqual(earlier);
  });

  it('offers no code path that updates or deletes a version or an audit event', () => {
    const queries = path.resolve('db/queries');
    for (const file of fs.readdirSync(queries)) {
      const source = fs.readFileSync(path.join(queries, file), 'utf8');
      expect(source, file).not.toMatch(/\.(update|delete)\(\s*(promptVersions|auditEvents)\b/);
      expect(source, file).not.toMatch(/(update|delete\s+from)\s+"?(prompt_versions|audit_events)\b/i);
    }
  });

  it('exposes no PATCH route for prompts and no DELETE route at all in the API', async () => {
    const routes = await discoverRoutes();
    expect(routes.length).toBeGreaterThan(0);
    // Executions and experiments are completed and edited with PATCH; prompts and versions never are.
    for (const route of routes) {
      const forbidden = route.openApiPath.startsWith('/api/v1/prompts') ? ['PATCH', 'DELETE'] : ['DELETE'];
      expect(route.methods.filter((m) => forbidden.includes(m)), route.file).toEqual([]);
    }
  });
});
