import { z } from 'zod';
import { int4FromText, versionNumber } from '@/lib/api/int4';

export const promptName = z
  .string()
  .min(1, 'a name is required')
  .max(128, 'at most 128 characters')
  .regex(/^[a-z0-9][a-z0-9\-_/]*$/, 'lowercase letters, digits, -, _ and / only, starting with a letter or digit')
  .refine((s) => !s.includes('//') && !s.endsWith('/'), 'folders in a name cannot be empty');

export const labelName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9\-_]*$/, 'lowercase letters, digits, - and _ only')
  // `history` is the label history's address in the API.
  .refine((s) => s !== 'history', '"history" is reserved');

export const PROTECTED_LABELS = ['production'] as const;
export const LATEST = 'latest';

export const variableSpec = z.object({
  name: z.string().min(1).max(128).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name is a letter or _ followed by letters, digits or _'),
  required: z.boolean().default(true),
  type: z.enum(['string', 'number', 'boolean', 'json']).default('string'),
  default: z.unknown().optional(),
  description: z.string().max(1000).optional(),
});

export const modelConfig = z
  .object({
    provider: z.string().min(1).max(64).optional(),
    model: z.string().min(1).max(128).optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().min(1).max(1_000_000).optional(),
    topP: z.number().min(0).max(1).optional(),
    stop: z.array(z.string().min(1).max(100)).max(8).optional(),
    extra: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const chatMessage = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});

const body = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), template: z.string() }),
  z.object({ type: z.literal('chat'), messages: z.array(chatMessage).min(1, 'a chat prompt needs at least one message').max(100) }),
]);

const versionFields = {
  variables: z.array(variableSpec).max(200).optional(),
  modelConfig: modelConfig.default({}),
  commitMessage: z.string().max(2000).default(''),
  labels: z.array(labelName).max(20).default([]),
};

/** The body of a version: `type` may be left out and is inferred from `template` or `messages`. */
const withInferredType = (v: unknown) => {
  if (v && typeof v === 'object' && !('type' in v)) {
    if ('messages' in v) return { ...v, type: 'chat' };
    if ('template' in v) return { ...v, type: 'text' };
  }
  return v;
};

export const newVersionInput = z.preprocess(withInferredType, z.intersection(body, z.object(versionFields)));

export const promptMeta = z.object({
  name: promptName,
  description: z.string().max(2000).default(''),
  category: z.string().min(1).max(64).nullish(),
  tags: z.array(z.string().min(1).max(64)).max(32).default([]),
});

export const newPromptInput = z.preprocess(
  withInferredType,
  z.intersection(promptMeta, z.intersection(body, z.object(versionFields))),
);

export const moveLabelInput = z.object({ version: versionNumber });

export const renderInput = z.object({
  variables: z.record(z.string(), z.unknown()).default({}),
  label: labelName.optional(),
  version: versionNumber.optional(),
}).refine((s) => !(s.label && s.version), 'give either label or version, not both');

export const versionSelectorQuery = z
  .object({
    label: z.string().max(64).optional(),
    version: int4FromText.min(1).optional(),
  })
  .refine((s) => !(s.label && s.version), 'give either label or version, not both');

export const listPromptsQuery = z.object({
  q: z.string().max(200).optional(),
  category: z.string().max(64).optional(),
  tag: z.string().max(64).optional(),
  label: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export type NewVersionInput = z.infer<typeof newVersionInput>;
export type NewPromptInput = z.infer<typeof newPromptInput>;
export type ListPromptsQuery = z.infer<typeof listPromptsQuery>;
export type VariableSpecInput = z.infer<typeof variableSpec>;
