import { createAnthropic } from '@ai-sdk/anthropic';
import { createGroq } from '@ai-sdk/groq';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { providerIds, type ProviderId } from '@/db/schema/models';
import { VersoError } from '@/lib/api/errors';
import { env, type Env } from '@/lib/env';

export { providerIds, type ProviderId };

type ProviderSpec = {
  label: string;
  /** The variable whose absence leaves the provider unconfigured. */
  requires: keyof Env;
  create: (e: Env) => (model: string) => LanguageModelV3;
};

// Every provider is reached over HTTP by the AI SDK's own client; a base URL variable points
// it at a proxy, a self-hosted server, or (in tests) a fake on 127.0.0.1.
const specs: Record<ProviderId, ProviderSpec> = {
  openai: {
    label: 'OpenAI',
    requires: 'OPENAI_API_KEY',
    // The chat completions API, which every OpenAI-compatible server speaks too.
    create: (e) => {
      const p = createOpenAI({ apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL });
      return (model) => p.chat(model);
    },
  },
  anthropic: {
    label: 'Anthropic',
    requires: 'ANTHROPIC_API_KEY',
    create: (e) => createAnthropic({ apiKey: e.ANTHROPIC_API_KEY, baseURL: e.ANTHROPIC_BASE_URL }),
  },
  groq: {
    label: 'Groq',
    requires: 'GROQ_API_KEY',
    create: (e) => createGroq({ apiKey: e.GROQ_API_KEY, baseURL: e.GROQ_BASE_URL }),
  },
  'openai-compatible': {
    label: 'OpenAI-compatible (Ollama, vLLM, LiteLLM, LM Studio)',
    requires: 'OPENAI_COMPATIBLE_BASE_URL',
    create: (e) =>
      createOpenAICompatible({
        name: 'openai-compatible',
        baseURL: e.OPENAI_COMPATIBLE_BASE_URL!,
        apiKey: e.OPENAI_COMPATIBLE_API_KEY,
        includeUsage: true,
      }),
  },
};

export type ProviderStatus = { id: ProviderId; label: string; configured: boolean; variable: string };

export function providerStatuses(e: Env = env()): ProviderStatus[] {
  return providerIds.map((id) => ({ id, label: specs[id].label, configured: Boolean(e[specs[id].requires]), variable: specs[id].requires }));
}

export function isProviderId(value: string): value is ProviderId {
  return (providerIds as readonly string[]).includes(value);
}

// Provider clients are built once per configuration: env() is re-read only in tests.
const built = new WeakMap<Env, Map<ProviderId, (model: string) => LanguageModelV3>>();

/** The AI SDK model for a provider and model id; 424 naming the variable when the provider has no key. */
export function languageModel(provider: string, model: string): LanguageModelV3 {
  if (!isProviderId(provider)) {
    throw new VersoError('invalid', `Unknown provider "${provider}": use one of ${providerIds.join(', ')}.`);
  }
  const e = env();
  const spec = specs[provider];
  if (!e[spec.requires]) {
    throw new VersoError('provider_not_configured', `The ${spec.label} provider is not configured: set ${spec.requires}.`, {
      provider,
      variable: spec.requires,
    });
  }
  let perEnv = built.get(e);
  if (!perEnv) built.set(e, (perEnv = new Map()));
  let factory = perEnv.get(provider);
  if (!factory) perEnv.set(provider, (factory = spec.create(e)));
  return factory(model);
}
