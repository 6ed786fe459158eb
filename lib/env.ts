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

  // Model providers: a provider without its key is shown as not configured.
  OPENAI_API_KEY: optional(z.string().min(1)),
  OPENAI_BASE_URL: optional(z.url()),
  ANTHROPIC_API_KEY: optional(z.string().min(1)),
  ANTHROPIC_BASE_URL: optional(z.url()),
  GROQ_API_KEY: optional(z.string().min(1)),
  GROQ_BASE_URL: optional(z.url()),
  OPENAI_COMPATIBLE_BASE_URL: optional(z.url()),
  OPENAI_COMPATIBLE_API_KEY: optional(z.string().min(1)),
  // One attempt's time limit; 429, 5xx and timeouts are retried with backoff and jitter.
  VERSO_MODEL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  VERSO_MODEL_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  VERSO_MODEL_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(500),
  // A Retry-After longer than this is not waited for: the call fails at once.
  VERSO_MODEL_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(1).max(600_000).default(20_000),

  // Tracing to Arize Phoenix: off unless the collector endpoint is set.
  PHOENIX_COLLECTOR_ENDPOINT: optional(z.url()),
  PHOENIX_PROJECT_NAME: z.string().min(1).max(200).default('verso'),
  PHOENIX_API_KEY: optional(z.string().min(1)),
  // Phoenix's UI, for trace links and the spans shown in the console; defaults to the collector.
  PHOENIX_URL: optional(z.url()),
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
