import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL'),
  ),
  VERSO_DATA_DIR: z.string().min(1).default('.data'),
  AUTH_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  NEXTAUTH_URL: optional(z.url()),
  ADMIN_EMAIL: optional(z.email('must be an email address')),
  ADMIN_PASSWORD: optional(z.string().min(8, 'must be at least 8 characters')),
  VERSO_INIT_API_KEY: optional(z.string().min(20, 'must be at least 20 characters')),
  VERSO_INIT_API_KEY_ROLE: z.enum(['viewer', 'editor', 'admin']).default('admin'),
  VERSO_SEED_DEMO: optional(flag).transform((v) => v ?? true),
  VERSO_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  // For the CLI's HTTP commands (simulate): the API key they send when --key is not given.
  VERSO_API_KEY: optional(z.string().min(1)),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

let cached: Env | undefined;

// The only reader of process.env in the app: everything else asks here.
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function resetEnvForTests() {
  cached = undefined;
}
