import { z } from 'zod';
import { int4FromText } from '@/lib/api/int4';
import { labelName, promptName } from '@/lib/prompts/schemas';

// Langfuse's public prompt API (/api/public/v2/prompts), as its clients send and read it. Only
// the shape is Langfuse's: names, labels, templates and model configs are checked by Verso's
// own schemas when the version is made (lib/langfuse/prompts.ts).

const unsupported = (what: string) => z.undefined({ error: `${what} is not supported by Verso's Langfuse-compatible API` }).optional();

export const langfuseListQuery = z.object({
  name: z.string().max(128).optional(),
  label: z.string().max(64).optional(),
  tag: z.string().max(64).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  fromUpdatedAt: unsupported('fromUpdatedAt'),
  toUpdatedAt: unsupported('toUpdatedAt'),
});

// A chat item as Langfuse's clients send it: a message (`type` may be left out) or a placeholder.
const chatItem = z.object({
  type: z.enum(['chatmessage', 'placeholder']).optional(),
  role: z.string().max(64).optional(),
  content: z.string().optional(),
  name: z.string().max(128).optional(),
});

const common = {
  name: promptName,
  config: z.record(z.string(), z.unknown()).nullish(),
  labels: z.array(z.string().max(64)).max(20).nullish(),
  tags: z.array(z.string().min(1).max(64)).max(32).nullish(),
  commitMessage: z.string().max(2000).nullish(),
};

export const createLangfusePromptInput = z.preprocess(
  // A raw HTTP caller may leave `type` out, as Langfuse allows: it is then a text prompt.
  (v) => (v && typeof v === 'object' && !('type' in v) ? { ...v, type: 'text' } : v),
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('text'), prompt: z.string(), ...common }),
    z.object({ type: z.literal('chat'), prompt: z.array(chatItem).min(1).max(100), ...common }),
  ]),
);

export type LangfuseListQuery = z.infer<typeof langfuseListQuery>;
export type CreateLangfusePromptInput = z.infer<typeof createLangfusePromptInput>;

// What the API answers: the route tests parse real responses with these.
const timestamp = z.iso.datetime({ offset: true });

export const langfuseChatMessage = z.object({ type: z.literal('chatmessage'), role: z.string(), content: z.string() });

const promptBase = {
  id: z.string(),
  name: z.string(),
  version: z.number().int().min(1),
  config: z.record(z.string(), z.unknown()),
  labels: z.array(z.string()).describe('labels pointing at this version, `latest` included'),
  tags: z.array(z.string()),
  commitMessage: z.string().nullable(),
  createdBy: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
  isActive: z.boolean().describe('deprecated in Langfuse: true when `production` points here'),
  resolutionGraph: z.null(),
};

export const langfusePrompt = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), prompt: z.string(), ...promptBase }),
  z.object({ type: z.literal('chat'), prompt: z.array(langfuseChatMessage), ...promptBase }),
]);

export const langfusePromptMeta = z.object({
  name: z.string(),
  type: z.enum(['text', 'chat']),
  versions: z.array(z.number().int()),
  labels: z.array(z.string()),
  tags: z.array(z.string()),
  lastUpdatedAt: timestamp,
  lastConfig: z.record(z.string(), z.unknown()),
});

export const langfusePromptList = z.object({
  data: z.array(langfusePromptMeta),
  meta: z.object({ page: z.number().int(), limit: z.number().int(), totalItems: z.number().int(), totalPages: z.number().int() }),
});

export type LangfusePrompt = z.infer<typeof langfusePrompt>;
export type LangfusePromptList = z.infer<typeof langfusePromptList>;

export const langfuseVersionParam = int4FromText.min(1);

export const updateLangfuseLabelsInput = z.object({ newLabels: z.array(labelName).max(20) });
export type UpdateLangfuseLabelsInput = z.infer<typeof updateLangfuseLabelsInput>;
