import crypto from 'node:crypto';
import { getDb } from '@/db/client';
import * as q from '@/db/queries/users';
import { VersoError } from '@/lib/api/errors';
import { audit } from '@/lib/audit/audit';
import { newId } from '@/lib/ids';
import { assertRole, type Actor, type Role } from './roles';
import type { NewApiKeyInput } from './schemas';

export type ApiKeyView = {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

const view = (k: q.ApiKeyRow): ApiKeyView => ({
  id: k.id,
  name: k.name,
  role: k.role,
  prefix: k.prefix,
  createdBy: k.createdBy,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

export const hashApiKey = (key: string) => crypto.createHash('sha256').update(key).digest('hex');
const generateKey = () => `vrs_${crypto.randomBytes(32).toString('base64url')}`;
const prefixOf = (key: string) => `${key.slice(0, 10)}…`;

/** Creates a key; the plain key is in the answer and nowhere else, ever. */
export async function createApiKey(actor: Actor, input: NewApiKeyInput, plainKey = generateKey()) {
  assertRole(actor, 'admin', 'Creating an API key');
  return getDb().transaction(async (tx) => {
    const row = await q.insertApiKey(tx, {
      id: newId(),
      name: input.name,
      role: input.role,
      keyHash: hashApiKey(plainKey),
      prefix: prefixOf(plainKey),
      createdBy: actor.name,
    });
    await audit(tx, actor, 'apikey.created', { type: 'api_key', id: row.id }, null, { name: row.name, role: row.role, prefix: row.prefix });
    return { key: plainKey, apiKey: view(row) };
  });
}

export async function listApiKeys(actor: Actor): Promise<ApiKeyView[]> {
  assertRole(actor, 'admin', 'Listing API keys');
  return (await q.listApiKeys(getDb())).map(view);
}

export async function revokeApiKey(actor: Actor, id: string): Promise<ApiKeyView> {
  assertRole(actor, 'admin', 'Revoking an API key');
  return getDb().transaction(async (tx) => {
    const before = await q.getApiKeyById(tx, id);
    if (!before) throw new VersoError('not_found', 'No such API key.');
    if (before.revokedAt) return view(before);
    const after = (await q.revokeApiKey(tx, id))!;
    await audit(tx, actor, 'apikey.revoked', { type: 'api_key', id }, { name: before.name, revokedAt: null }, {
      name: after.name,
      revokedAt: after.revokedAt?.toISOString(),
    });
    return view(after);
  });
}

// Writing last-used on every request would make each read a write; once a minute is enough.
const TOUCH_EVERY_MS = 60_000;
const lastTouched = new Map<string, number>();

export async function authenticateApiKey(key: string): Promise<Actor> {
  const row = await q.getApiKeyByHash(getDb(), hashApiKey(key));
  if (!row || row.revokedAt) throw new VersoError('unauthorized', 'This API key is unknown or revoked.');
  const now = Date.now();
  if (now - (lastTouched.get(row.id) ?? 0) > TOUCH_EVERY_MS) {
    lastTouched.set(row.id, now);
    await q.touchApiKey(getDb(), row.id, new Date(now));
  }
  return { type: 'api_key', id: row.id, name: `key:${row.name}`, role: row.role };
}

/** For headless set-up: creates the key from VERSO_INIT_API_KEY unless it exists. */
export async function ensureApiKey(actor: Actor, plainKey: string, role: Role) {
  if (await q.getApiKeyByHash(getDb(), hashApiKey(plainKey))) return false;
  await createApiKey(actor, { name: 'init', role }, plainKey);
  return true;
}
