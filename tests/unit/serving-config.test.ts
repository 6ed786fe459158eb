import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '@/lib/env';

// VERSO_FAST_ROUTES and VERSO_WORKERS (lib/server/fast-routes.ts, lib/server/workers.ts).
describe('serving configuration', () => {
  it('serves the hot routes fast, in one process, by default', () => {
    expect(parseEnv({})).toMatchObject({ VERSO_FAST_ROUTES: true, VERSO_WORKERS: 1 });
    expect(parseEnv({ VERSO_FAST_ROUTES: '0' }).VERSO_FAST_ROUTES).toBe(false);
  });

  it('allows several workers on Postgres', () => {
    expect(parseEnv({ VERSO_WORKERS: '2', DATABASE_URL: 'postgres://db/verso' }).VERSO_WORKERS).toBe(2);
  });

  it('refuses several workers on the embedded database, naming the fix', () => {
    expect(() => parseEnv({ VERSO_WORKERS: '2' })).toThrow(ConfigError);
    expect(() => parseEnv({ VERSO_WORKERS: '2' })).toThrow(/VERSO_WORKERS: more than one worker needs Postgres \(set DATABASE_URL\)/);
    expect(() => parseEnv({ VERSO_WORKERS: '0', DATABASE_URL: 'postgres://db/verso' })).toThrow(ConfigError);
  });
});
