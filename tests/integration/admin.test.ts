import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { apiKeys, auditEvents } from '@/db/schema';
import { auditLogChoices, listAuditLog } from '@/lib/audit/log';
import { authenticateApiKey, createApiKey, hashApiKey, listApiKeys, revokeApiKey } from '@/lib/auth/api-keys';
import type { Actor } from '@/lib/auth/roles';
import { newApiKeyInput, newUserInput } from '@/lib/auth/schemas';
import { actorForUser, changeUserRole, createUser, listUsers, setUserDisabled, verifyLogin } from '@/lib/auth/users';
import { createPrompt } from '@/lib/prompts/registry';
import { newPromptInput } from '@/lib/prompts/schemas';
import { actorWith, admin, editor, viewer } from '../support/actors';
import { withTestDatabase } from '../support/db';

withTestDatabase();

const eventsFor = (entityId: string) =>
  getDb().select().from(auditEvents).where(eq(auditEvents.entityId, entityId)).orderBy(auditEvents.createdAt, auditEvents.id);

const newUser = (email: string, role: 'viewer' | 'editor' | 'admin', password = 'a-long-password') =>
  createUser(admin, newUserInput.parse({ email, password, role }));

describe('audit log', () => {
  it('lists events newest first and filters by actor, entity and action', async () => {
    const alice = actorWith('editor', 'alice@test');
    await createPrompt(alice, newPromptInput.parse({ name: 'audit-a', template: 'A {{ x }}' }));
    await createPrompt(editor, newPromptInput.parse({ name: 'audit-b', template: 'B' }));

    const all = await listAuditLog(admin);
    expect(all.data.map((e) => e.createdAt)).toEqual([...all.data.map((e) => e.createdAt)].sort().reverse());

    const byAlice = await listAuditLog(admin, { actor: 'alice@test' });
    expect(byAlice.data.map((e) => e.action).sort()).toEqual(['prompt.created', 'version.created']);
    expect(byAlice.data.every((e) => e.actorName === 'alice@test')).toBe(true);

    const onB = await listAuditLog(admin, { entityType: 'prompt', entityId: 'audit-b' });
    expect(onB.data.map((e) => e.action).sort()).toEqual(['prompt.created', 'version.created']);
    expect(onB.data.find((e) => e.action === 'prompt.created')).toMatchObject({ before: null, after: { name: 'audit-b' } });

    const versions = await listAuditLog(admin, { action: 'version.created' });
    expect(versions.data.map((e) => e.entityId).sort()).toEqual(['audit-a', 'audit-b']);

    // Blank form fields mean "any", as the page's GET form sends them.
    const blank = await listAuditLog(admin, { actor: '', entityType: '', entityId: '', action: '', before: '' });
    expect(blank.data).toHaveLength(all.data.length);

    const choices = await auditLogChoices(admin);
    expect(choices.actors).toEqual(expect.arrayContaining(['alice@test', 'editor@test']));
    expect(choices.actions).toEqual(expect.arrayContaining(['prompt.created', 'version.created']));
    expect(choices.entityTypes).toContain('prompt');
  });

  it('pages through events written in one transaction without losing or repeating any', async () => {
    // Each prompt writes four events in one transaction, all with the same created_at.
    const pager = actorWith('editor', 'pager@test');
    for (const name of ['page-1', 'page-2', 'page-3']) {
      await createPrompt(pager, newPromptInput.parse({ name, template: 'x', labels: ['staging', 'qa'] }));
    }
    const seen: string[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const page = await listAuditLog(admin, { actor: 'pager@test', before, limit: 5 });
      seen.push(...page.data.map((e) => e.id));
      before = page.nextCursor ?? undefined;
      pages++;
    } while (before && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
  });

  it('is for admins only', async () => {
    await expect(listAuditLog(editor)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listAuditLog(viewer, { action: 'user.created' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(auditLogChoices(editor)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('refuses a cursor that is not an event id', async () => {
    await expect(listAuditLog(admin, { before: "1' or '1'='1" })).rejects.toThrow(/audit event id/);
  });
});

describe('users', () => {
  it('creates a user, with an audit row, and refuses a second one with the same email', async () => {
    const ada = await newUser('Ada@Example.com', 'editor');
    expect(ada).toMatchObject({ email: 'ada@example.com', role: 'editor', disabled: false });
    expect(ada).not.toHaveProperty('passwordHash');
    await expect(newUser('ada@example.com', 'viewer')).rejects.toMatchObject({
      code: 'conflict',
      message: 'A user with email ada@example.com already exists.',
    });
    const events = await eventsFor('ada@example.com');
    expect(events.map((e) => [e.action, e.actorName])).toEqual([['user.created', 'admin@test']]);
    expect((await listUsers(admin)).filter((u) => u.email === 'ada@example.com')).toHaveLength(1);
  });

  it('lets only admins manage users', async () => {
    await expect(createUser(editor, newUserInput.parse({ email: 'x@example.com', password: 'a-long-password', role: 'admin' }))).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(listUsers(viewer)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await eventsFor('x@example.com')).toHaveLength(0);
  });

  it('never leaves Verso without an active admin', async () => {
    const boss = await newUser('boss@example.com', 'admin');
    const bossActor: Actor = { type: 'user', id: boss.id, name: boss.email, role: 'admin' };
    await expect(changeUserRole(bossActor, boss.id, 'editor')).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/last active admin/) });
    await expect(setUserDisabled(admin, boss.id, true)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/last active admin/) });

    const deputy = await newUser('deputy@example.com', 'admin');
    await expect(setUserDisabled(bossActor, boss.id, true)).rejects.toMatchObject({ code: 'conflict', message: 'You cannot disable yourself.' });
    expect(await changeUserRole(bossActor, boss.id, 'editor')).toMatchObject({ role: 'editor' });
    await expect(changeUserRole(admin, deputy.id, 'viewer')).rejects.toMatchObject({ code: 'conflict' });
    await expect(setUserDisabled(admin, deputy.id, true)).rejects.toMatchObject({ code: 'conflict' });

    const events = await eventsFor('boss@example.com');
    expect(events.map((e) => e.action)).toEqual(['user.created', 'user.role_changed']);
    expect(events[1]).toMatchObject({ actorName: 'boss@example.com', before: { role: 'admin' }, after: { role: 'editor' } });
    expect(await eventsFor('deputy@example.com')).toHaveLength(1);
  });

  it('disables a user, who is signed out and cannot sign in, and enables them again', async () => {
    const bob = await newUser('bob@example.com', 'viewer', 'bobs-password');
    expect(await verifyLogin('bob@example.com', 'bobs-password')).toMatchObject({ email: 'bob@example.com' });
    expect(await setUserDisabled(admin, bob.id, true)).toMatchObject({ disabled: true });
    expect(await actorForUser(bob.id)).toBeNull();
    await expect(verifyLogin('bob@example.com', 'bobs-password')).rejects.toMatchObject({ code: 'unauthorized' });

    expect(await setUserDisabled(admin, bob.id, false)).toMatchObject({ disabled: false });
    expect(await actorForUser(bob.id)).toMatchObject({ name: 'bob@example.com', role: 'viewer' });
    expect(await verifyLogin('bob@example.com', 'bobs-password')).toMatchObject({ email: 'bob@example.com' });

    const events = await eventsFor('bob@example.com');
    expect(events.map((e) => e.action)).toEqual(['user.created', 'user.disabled', 'auth.login_failed', 'user.enabled']);
    expect(events[1]).toMatchObject({ before: { disabled: false }, after: { disabled: true } });
    expect(events[2]).toMatchObject({ actorType: 'anonymous', after: { reason: 'disabled user' } });
  });
});

describe('API keys', () => {
  it('shows the key once, stores only its SHA-256 and accepts it until it is revoked', async () => {
    const { key, apiKey } = await createApiKey(admin, newApiKeyInput.parse({ name: 'support-bot', role: 'viewer' }));
    expect(key).toMatch(/^vrs_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'support-bot', role: 'viewer', createdBy: 'admin@test', lastUsedAt: null, revokedAt: null });
    expect(key.startsWith(apiKey.prefix.replace('…', ''))).toBe(true);

    const listed = (await listApiKeys(admin)).find((k) => k.id === apiKey.id)!;
    expect(JSON.stringify(listed)).not.toContain(key);
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(row!.keyHash).toBe(hashApiKey(key));
    expect(row!.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(key);

    expect(await authenticateApiKey(key)).toMatchObject({ type: 'api_key', id: apiKey.id, role: 'viewer' });
    expect((await listApiKeys(admin)).find((k) => k.id === apiKey.id)!.lastUsedAt).not.toBeNull();

    expect(await revokeApiKey(admin, apiKey.id)).toMatchObject({ revokedAt: expect.any(String) });
    await expect(authenticateApiKey(key)).rejects.toMatchObject({ code: 'unauthorized' });
    // Revoking twice changes nothing and writes nothing.
    await revokeApiKey(admin, apiKey.id);
    const events = await eventsFor(apiKey.id);
    expect(events.map((e) => e.action)).toEqual(['apikey.created', 'apikey.revoked']);
    expect(JSON.stringify(events)).not.toContain(key);
  });

  it('refuses unknown keys and non-admins', async () => {
    await expect(authenticateApiKey('vrs_not-a-real-key')).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(createApiKey(editor, { name: 'mine', role: 'admin' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listApiKeys(viewer)).rejects.toMatchObject({ code: 'forbidden' });
    const { apiKey } = await createApiKey(admin, { name: 'kept', role: 'editor' });
    await expect(revokeApiKey(editor, apiKey.id)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await listApiKeys(admin)).find((k) => k.id === apiKey.id)!.revokedAt).toBeNull();
    await expect(revokeApiKey(admin, '01900000-0000-7000-8000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
  });
});

// The limits themselves: tests/integration/login-limits.test.ts.
describe('login rate limit', () => {
  it('records failures for unknown emails too', async () => {
    await expect(verifyLogin('nobody@example.com', 'whatever')).rejects.toMatchObject({ code: 'unauthorized', message: 'Wrong email or password.' });
    expect(await eventsFor('nobody@example.com')).toMatchObject([{ action: 'auth.login_failed', after: { reason: 'unknown email' } }]);
  });
});
