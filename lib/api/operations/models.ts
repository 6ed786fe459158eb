import { chatCompletion, chatCompletionRequest } from '@/lib/gateway/schemas';
import { modelChangeInput, newModelInput } from '@/lib/models/schemas';
import { catalogView, modelView } from '@/lib/models/views';
import type { Operation } from './operation';

export const modelOperations: Operation[] = [
  {
    id: 'createChatCompletion',
    method: 'post',
    path: '/api/v1/chat/completions',
    summary: 'OpenAI-compatible chat completions: serve a prompt, or proxy a model',
    description:
      "Point any OpenAI client at `/api/v1` with a Verso API key. `model: \"prompt:NAME\"` (or `prompt:NAME@LABEL`) serves the prompt: experiment assignment by `user` (and targeting by `attributes`, the unit's attributes, a top-level body field like `variables`: `extra_body` in OpenAI's SDKs), the prompt's variables from `variables`, its rendered messages first and the request's `messages` after them, the request's `temperature`, `max_tokens`, `top_p` and `stop` over the version's model config. Headers `x-verso-execution-id`, `x-verso-version` and (in an experiment) `x-verso-variant` name what was served. Any other `model` is passed to its provider as is (the catalog's provider for that model, a `provider/` prefix, or the first configured provider) and still recorded and traced. `stream: true` answers OpenAI's `chat.completion.chunk` stream, ending with `data: [DONE]`; `stream_options.include_usage` adds the usage chunk.",
    role: 'service',
    body: chatCompletionRequest,
    response: { status: 200, schema: chatCompletion, description: 'A `chat.completion` object, as OpenAI answers it' },
    errors: ['not_found', 'missing_variables', 'render_limit', 'provider_not_configured', 'provider_error', 'provider_timeout'],
  },
  {
    id: 'listModels',
    method: 'get',
    path: '/api/v1/models',
    summary: 'The model catalog and which providers are configured',
    role: 'viewer',
    response: { status: 200, schema: catalogView, description: 'Providers with their configuration state, and every model with its prices' },
  },
  {
    id: 'createModel',
    method: 'post',
    path: '/api/v1/models',
    summary: 'Add a custom model to the catalog',
    description: 'Prices are USD per million tokens, sent as decimal strings (or numbers) with at most 10 digits after the point, and stored exactly.',
    role: 'admin',
    body: newModelInput,
    response: { status: 201, schema: modelView, description: 'The model as stored' },
    errors: ['conflict'],
  },
  {
    id: 'changeModel',
    method: 'patch',
    path: '/api/v1/models/{modelId}',
    summary: "Change a model's prices, name or availability",
    description: 'Costs already recorded on executions keep the price they were computed with.',
    role: 'admin',
    body: modelChangeInput,
    response: { status: 200, schema: modelView, description: 'The model as stored' },
    errors: ['not_found'],
  },
];

export const modelSchemas = {
  ChatCompletionRequest: chatCompletionRequest,
  ChatCompletion: chatCompletion,
  ModelCatalog: catalogView,
  Model: modelView,
  NewModel: newModelInput,
  ModelChange: modelChangeInput,
};
