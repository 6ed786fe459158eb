-- The model catalog's first prices: USD per million input and output tokens, list prices
-- from each provider's public pricing page as published up to October 2025 (price_source says
-- which page). Admins edit them in the console (Models); a later change never rewrites the
-- cost already recorded on an execution. Self-hosted models (openai-compatible) cost 0.
INSERT INTO "models" ("id", "provider", "model", "display_name", "input_per_million", "output_per_million", "context_window", "price_source") VALUES
  (gen_random_uuid(), 'openai', 'gpt-5', 'GPT-5', 1.25, 10, 400000, 'List price per 1M tokens (standard tier) from openai.com/api/pricing, as published up to October 2025'),
  (gen_random_uuid(), 'openai', 'gpt-5-mini', 'GPT-5 mini', 0.25, 2, 400000, 'List price per 1M tokens (standard tier) from openai.com/api/pricing, as published up to October 2025'),
  (gen_random_uuid(), 'openai', 'gpt-5-nano', 'GPT-5 nano', 0.05, 0.4, 400000, 'List price per 1M tokens (standard tier) from openai.com/api/pricing, as published up to October 2025'),
  (gen_random_uuid(), 'openai', 'gpt-4.1', 'GPT-4.1', 2, 8, 1047576, 'List price per 1M tokens (standard tier) from openai.com/api/pricing, as published up to October 2025'),
  (gen_random_uuid(), 'openai', 'gpt-4.1-mini', 'GPT-4.1 mini', 0.4, 1.6, 1047576, 'List price per 1M tokens (standard tier) from openai.com/api/pricing, as published up to October 2025'),
  (gen_random_uuid(), 'openai', 'gpt-4.1-nano', 'GPT-4.1 nano', 0.1, 0.4, 1047576, 'List price per 1M tokens (standard tier) from openai.com/api/pricing, as published up to October 2025'),
  (gen_random_uuid(), 'openai', 'gpt-4o', 'GPT-4o', 2.5, 10, 128000, 'List price per 1M tokens (standard tier) from openai.com/api/pricing, as published up to October 2025'),
  (gen_random_uuid(), 'openai', 'gpt-4o-mini', 'GPT-4o mini', 0.15, 0.6, 128000, 'List price per 1M tokens (standard tier) from openai.com/api/pricing, as published up to October 2025'),
  (gen_random_uuid(), 'openai', 'o3', 'o3', 2, 8, 200000, 'List price per 1M tokens (standard tier) from openai.com/api/pricing, as published up to October 2025'),
  (gen_random_uuid(), 'openai', 'o4-mini', 'o4-mini', 1.1, 4.4, 200000, 'List price per 1M tokens (standard tier) from openai.com/api/pricing, as published up to October 2025'),
  (gen_random_uuid(), 'anthropic', 'claude-opus-4-1', 'Claude Opus 4.1', 15, 75, 200000, 'List price per 1M tokens from anthropic.com/pricing (claude.com/pricing), as published up to October 2025'),
  (gen_random_uuid(), 'anthropic', 'claude-sonnet-4-5', 'Claude Sonnet 4.5', 3, 15, 200000, 'List price per 1M tokens from anthropic.com/pricing (claude.com/pricing), as published up to October 2025'),
  (gen_random_uuid(), 'anthropic', 'claude-sonnet-4-0', 'Claude Sonnet 4', 3, 15, 200000, 'List price per 1M tokens from anthropic.com/pricing (claude.com/pricing), as published up to October 2025'),
  (gen_random_uuid(), 'anthropic', 'claude-haiku-4-5', 'Claude Haiku 4.5', 1, 5, 200000, 'List price per 1M tokens from anthropic.com/pricing (claude.com/pricing), as published up to October 2025'),
  (gen_random_uuid(), 'anthropic', 'claude-3-5-haiku-latest', 'Claude Haiku 3.5', 0.8, 4, 200000, 'List price per 1M tokens from anthropic.com/pricing (claude.com/pricing), as published up to October 2025'),
  (gen_random_uuid(), 'groq', 'llama-3.3-70b-versatile', 'Llama 3.3 70B Versatile', 0.59, 0.79, 131072, 'On-demand price per 1M tokens from groq.com/pricing, as published up to October 2025'),
  (gen_random_uuid(), 'groq', 'llama-3.1-8b-instant', 'Llama 3.1 8B Instant', 0.05, 0.08, 131072, 'On-demand price per 1M tokens from groq.com/pricing, as published up to October 2025'),
  (gen_random_uuid(), 'groq', 'openai/gpt-oss-120b', 'GPT-OSS 120B', 0.15, 0.75, 131072, 'On-demand price per 1M tokens from groq.com/pricing, as published up to October 2025'),
  (gen_random_uuid(), 'groq', 'openai/gpt-oss-20b', 'GPT-OSS 20B', 0.1, 0.5, 131072, 'On-demand price per 1M tokens from groq.com/pricing, as published up to October 2025'),
  (gen_random_uuid(), 'groq', 'qwen/qwen3-32b', 'Qwen3 32B', 0.29, 0.59, 131072, 'On-demand price per 1M tokens from groq.com/pricing, as published up to October 2025'),
  (gen_random_uuid(), 'openai-compatible', 'llama3.1:8b', 'Llama 3.1 8B (self-hosted, e.g. Ollama)', 0, 0, 131072, 'Self-hosted: no per-token price')
ON CONFLICT ("provider", "model") DO NOTHING;
