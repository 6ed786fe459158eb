import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '@/lib/env';

/** The message parseEnv fails with. */
function failure(source: Record<string, string | undefined>): string {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected parseEnv to fail');
}

describe('configuration from the environment', () => {
  it('starts with nothing set, on PGlite under .data with demo data', () => {
    expect(parseEnv({})).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      VERSO_DATA_DIR: '.data',
      VERSO_INIT_API_KEY_ROLE: 'admin',
      VERSO_SEED_DEMO: true,
      VERSO_LOGIN_MAX_FAILURES: 10,
    });
  });

  it('reads every variable it knows, converting numbers and flags', () => {
    const env = parseEnv({
      NODE_ENV: 'production',
      PORT: '8080',
      DATABASE_URL: 'postgresql://verso:pw@db:5432/verso',
      VERSO_DATA_DIR: '/var/lib/verso',
      AUTH_SECRET: 's'.repeat(32),
      NEXTAUTH_URL: 'https://verso.example.com',
      ADMIN_EMAIL: 'root@example.com',
      ADMIN_PASSWORD: 'correct horse',
      VERSO_INIT_API_KEY: 'vrs_0123456789abcdefghij',
      VERSO_INIT_API_KEY_ROLE: 'service',
      VERSO_SEED_DEMO: 'no',
      VERSO_LOGIN_MAX_FAILURES: '3',
      VERSO_API_KEY: 'vrs_for_the_cli',
    });
    expect(env).toMatchObject({
      PORT: 8080,
      DATABASE_URL: 'postgresql://verso:pw@db:5432/verso',
      VERSO_INIT_API_KEY_ROLE: 'service',
      VERSO_SEED_DEMO: false,
      VERSO_LOGIN_MAX_FAILURES: 3,
      VERSO_API_KEY: 'vrs_for_the_cli',
    });
  });

  it('treats empty strings as unset', () => {
    const env = parseEnv({ DATABASE_URL: '', AUTH_SECRET: '', ADMIN_EMAIL: '', VERSO_SEED_DEMO: '' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.AUTH_SECRET).toBeUndefined();
    expect(env.VERSO_SEED_DEMO).toBe(true);
  });

  it('accepts the usual spellings of a flag', () => {
    for (const [value, flag] of [['1', true], ['true', true], ['yes', true], ['0', false], ['false', false], ['no', false]] as const) {
      expect(parseEnv({ VERSO_SEED_DEMO: value }).VERSO_SEED_DEMO, value).toBe(flag);
    }
  });

  it('names every bad variable in one message, each with what is wrong', () => {
    const message = failure({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://localhost/verso',
      AUTH_SECRET: 'short',
      ADMIN_EMAIL: 'not-an-email',
      ADMIN_PASSWORD: 'pw',
      VERSO_INIT_API_KEY: 'tiny',
      VERSO_INIT_API_KEY_ROLE: 'owner',
      VERSO_SEED_DEMO: 'maybe',
      NODE_ENV: 'staging',
    });
    const lines = message.split('\n');
    expect(lines[0]).toBe('Invalid configuration:');
    const named = lines.slice(1).map((l) => l.trim().split(':')[0]);
    expect(named.sort()).toEqual(
      ['ADMIN_EMAIL', 'ADMIN_PASSWORD', 'AUTH_SECRET', 'DATABASE_URL', 'NODE_ENV', 'PORT', 'VERSO_INIT_API_KEY', 'VERSO_INIT_API_KEY_ROLE', 'VERSO_SEED_DEMO'].sort(),
    );
    expect(message).toMatch(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(message).toMatch(/AUTH_SECRET: must be at least 32 characters/);
    expect(message).toMatch(/ADMIN_EMAIL: must be an email address/);
  });

  it('refuses a port out of range and a failure limit below one', () => {
    expect(failure({ PORT: '70000' })).toMatch(/PORT/);
    expect(failure({ VERSO_LOGIN_MAX_FAILURES: '0' })).toMatch(/VERSO_LOGIN_MAX_FAILURES/);
  });

  it('takes the addresses Verso makes itself as ADMIN_EMAIL, and the sign-in limits', () => {
    expect(parseEnv({ ADMIN_EMAIL: ' Admin@Localhost ' }).ADMIN_EMAIL).toBe('admin@localhost');
    expect(parseEnv({})).toMatchObject({ VERSO_TRUST_PROXY: 0, VERSO_LOGIN_BACKOFF_AFTER: 5, VERSO_LOGIN_BACKOFF_MAX_SECONDS: 60 });
    expect(parseEnv({ VERSO_TRUST_PROXY: 'true' }).VERSO_TRUST_PROXY).toBe(1);
    expect(parseEnv({ VERSO_TRUST_PROXY: '2' }).VERSO_TRUST_PROXY).toBe(2);
    expect(failure({ VERSO_TRUST_PROXY: 'everyone' })).toMatch(/VERSO_TRUST_PROXY/);
  });

  it('ignores variables it does not know', () => {
    expect(() => parseEnv({ PATH: '/usr/bin', SOMETHING_ELSE: 'x' })).not.toThrow();
  });
});
