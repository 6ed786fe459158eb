import { z } from 'zod';
import { emailAddress } from './auth/email';

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // The address the server listens on; unset: every interface, as `next start` does.
  VERSO_HOST: optional(z.string().min(1)),
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL'),
  ),
  VERSO_DATA_DIR: z.string().min(1).default('.data'),
  // The hot API routes (resolve, events, metrics) served by Verso's own server without Next.js's
  // request handling (lib/server/fast-routes.ts); 0 sends them through Next.js like every route.
  VERSO_FAST_ROUTES: optional(flag).transform((v) => v ?? true),
  // Server processes sharing the port (node:cluster); more than one needs Postgres, since the
  // embedded database belongs to one process.
  VERSO_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  // At start, an unreachable database is retried with back-off (0.5 s doubling to 15 s); after
  // this long the server exits non-zero for a supervisor to restart it. 0: keep retrying.
  VERSO_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(0).default(0),
  AUTH_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  NEXTAUTH_URL: optional(z.url()),
  ADMIN_EMAIL: optional(emailAddress()),
  ADMIN_PASSWORD: optional(z.string().min(8, 'must be at least 8 characters')),
  VERSO_INIT_API_KEY: optional(z.string().min(20, 'must be at least 20 characters')),
  VERSO_INIT_API_KEY_ROLE: z.enum(['viewer', 'service', 'editor', 'admin']).default('admin'),
  VERSO_SEED_DEMO: optional(flag).transform((v) => v ?? true),
  // `npm start` rebuilds when the sources changed since the last build; a read-only deployment
  // whose build is shipped with it skips the check (it still builds when there is no build).
  VERSO_SKIP_BUILD_CHECK: optional(flag).transform((v) => v ?? false),
  // Sign-in limits (lib/auth/login-limits.ts): attempts per client address per 15 minutes, and
  // per account a back-off lock of 2^(n - AFTER) s after AFTER failures, at most MAX seconds.
  VERSO_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  VERSO_LOGIN_BACKOFF_AFTER: z.coerce.number().int().min(1).max(1000).default(5),
  VERSO_LOGIN_BACKOFF_MAX_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  // Behind a reverse proxy: how many proxies append to X-Forwarded-For (true = 1). Off, the
  // client address is the socket's and a client's own X-Forwarded-For is ignored.
  VERSO_TRUST_PROXY: z
    .enum(['0', '1', '2', '3', '4', '5', 'true', 'false', 'yes', 'no'])
    .default('0')
    .transform((v) => (v === 'true' || v === 'yes' ? 1 : v === 'false' || v === 'no' ? 0 : Number(v))),
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

  // Offline eval runs (lib/evals/worker.ts): whether this server works queued runs; how long a
  // worker's hold on a run lasts without renewal (renewed every third of it; a crashed worker's
  // run is resumed by another once it runs out); model calls in flight per provider in this
  // process, items and judges of every run together.
  VERSO_EVAL_WORKER: optional(flag).transform((v) => v ?? true),
  VERSO_EVAL_LEASE_MS: z.coerce.number().int().min(500).max(3_600_000).default(30_000),
  VERSO_EVAL_PROVIDER_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(32),

  // One budget per render (lib/prompts/render-pool.ts): wall time, and bytes of rendered output
  // over all of a chat prompt's messages. Templates that need LiquidJS beyond plain outputs and
  // conditions render in this many worker threads, each stopped at the deadline.
  VERSO_RENDER_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  VERSO_RENDER_MAX_BYTES: z.coerce.number().int().min(1_024).max(256 * 1024 * 1024).default(4 * 1024 * 1024),
  VERSO_RENDER_WORKERS: z.coerce.number().int().min(1).max(64).default(2),

  // Tracing to Arize Phoenix: off unless the collector endpoint is set.
  PHOENIX_COLLECTOR_ENDPOINT: optional(z.url()),
  PHOENIX_PROJECT_NAME: z.string().min(1).max(200).default('verso'),
  PHOENIX_API_KEY: optional(z.string().min(1)),
  // Phoenix's UI, for trace links and the spans shown in the console; defaults to the collector.
  PHOENIX_URL: optional(z.url()),
}).refine((e) => e.VERSO_WORKERS === 1 || e.DATABASE_URL !== undefined, {
  path: ['VERSO_WORKERS'],
  message: 'more than one worker needs Postgres (set DATABASE_URL): the embedded database belongs to one process',
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
