import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { resetEnvForTests } from '@/lib/env';
import { createPrompt } from '@/lib/prompts/registry';
import { newPromptInput } from '@/lib/prompts/schemas';
import { admin } from './actors';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai';

export type EnvChange = Record<string, string | undefined>;

/** Sets (or, for undefined, deletes) environment variables and re-reads env(); returns the undo. */
export function setEnv(change: EnvChange): () => void {
  const saved = Object.fromEntries(Object.keys(change).map((k) => [k, process.env[k]]));
  const apply = (values: EnvChange) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvForTests();
  };
  apply(change);
  return () => apply(saved);
}

/** The environment change for one test: applied before it, undone after it. */
export function withEnvEach(change: EnvChange | (() => EnvChange)) {
  let undo: (() => void) | undefined;
  beforeEach(() => {
    undo = setEnv(typeof change === 'function' ? change() : change);
  });
  afterEach(() => {
    undo?.();
    undo = undefined;
  });
}

export const FAKE_OPENAI_KEY = 'sk-verso-tests';

/** The environment of a server process a test starts to work eval runs against `fake`, with this lease. */
export function evalServerEnv(fake: { url: string }, leaseMs: number): Record<string, string> {
  return {
    VERSO_SEED_DEMO: '0',
    VERSO_EVAL_WORKER: '1',
    VERSO_EVAL_LEASE_MS: String(leaseMs),
    OPENAI_API_KEY: FAKE_OPENAI_KEY,
    OPENAI_BASE_URL: fake.url,
    VERSO_MODEL_RETRY_BASE_MS: '5',
  };
}

/**
 * The fake OpenAI server for the file's tests, with the real AI SDK client pointed at it:
 * OPENAI_API_KEY and OPENAI_BASE_URL set (plus `extra`), short retry waits, and its queue and
 * recorded requests forgotten before each test. Every variable is restored after the file.
 */
export function withFakeOpenAI(extra: EnvChange = {}): FakeOpenAI {
  const fake = {} as FakeOpenAI;
  let undo: (() => void) | undefined;
  beforeAll(async () => {
    Object.assign(fake, await startFakeOpenAI());
    undo = setEnv({ OPENAI_API_KEY: FAKE_OPENAI_KEY, OPENAI_BASE_URL: fake.url, VERSO_MODEL_RETRY_BASE_MS: '5', ...extra });
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    undo?.();
    await fake.close();
  });
  return fake;
}

/** A prompt whose production version names a model: what `run` and the gateway need. */
export async function givenModelPrompt(name: string, body: Record<string, unknown>) {
  await createPrompt(admin, newPromptInput.parse({ name, labels: ['production'], ...body }));
  return name;
}
