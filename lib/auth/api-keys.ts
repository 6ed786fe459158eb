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
  }).finally(forgetApiKeys);
}

// Every API request authenticates, so verified keys are remembered for a few seconds instead
// of costing a query each. A revocation clears this process's cache at once; other instances
// stop accepting the key within KEY_TTL_MS.
const KEY_TTL_MS = 5_000;
const KEY_CACHE_LIMIT = 10_000;
// Writing last-used on every request would make each read a write; once a minute is enough.
const TOUCH_EVERY_MS = 60_000;

type KnownKey = { actor: Actor; expires: number; touched: number };
const g = globalThis as unknown as { __versoKeys?: Map<string, KnownKey> };
const knownKeys = (g.__versoKeys ??= new Map());

export function forgetApiKeys() {
  knownKeys.clear();
}

export async function authenticateApiKey(key: string): Promise<Actor> {
  const keyHash = hashApiKey(key);
  const now = Date.now();
  let known = knownKeys.get(keyHash);
  if (!known || known.expires <= now) {
    const row = await q.getApiKeyByHash(getDb(), keyHash);
    if (!row || row.revokedAt) {
      knownKeys.delete(keyHash);
      throw new VersoError('unauthorized', 'This API key is unknown or revoked.');
    }
    if (knownKeys.size >= KEY_CACHE_LIMIT) knownKeys.clear();
    known = { actor: { type: 'api_key', id: row.id, name: `key:${row.name}`, role: row.role }, expires: now + KEY_TTL_MS, touched: known?.touched ?? 0 };
    knownKeys.set(keyHash, known);
  }
  if (now - known.touched > TOUCH_EVERY_MS) {
    known.touched = now;
    await q.touchApiKey(getDb(), known.actor.id!, new Date(now));
  }
  return known.actor;
}

/** For headless set-up: creates the key from VERSO_INIT_API_KEY unless it exists. */
export async function ensureApiKey(actor: Actor, plainKey: string, role: Role) {
  if (await q.getApiKeyByHash(getDb(), hashApiKey(plainKey))) return false;
  await createApiKey(actor, { name: 'init', role }, plainKey);
  return true;
}
