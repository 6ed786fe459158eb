import { z } from 'zod';
import type { LabelMoveView } from './labels';
import type { PromptSummary } from './registry';
import type { RenderResult } from './rendering';
import { chatMessage, modelConfig } from './schemas';
import type { VersionView } from './versions';

// What the API answers, as zod schemas: the OpenAPI document is generated from them and the
// route tests parse real responses with them. The services keep their own TypeScript types;
// the checks at the bottom of this file fail the type check when the two drift apart.

const timestamp = z.iso.datetime({ offset: true }).describe('ISO 8601 time');

export const variableView = z.object({
  name: z.string(),
  required: z.boolean(),
  type: z.enum(['string', 'number', 'boolean', 'json']),
  default: z.unknown().optional(),
  description: z.string().optional(),
});

export const versionView = z.object({
  name: z.string(),
  version: z.number().int().min(1),
  type: z.enum(['text', 'chat']),
  template: z.string().optional().describe('present when type is text'),
  messages: z.array(chatMessage).optional().describe('present when type is chat'),
  variables: z.array(variableView),
  modelConfig,
  labels: z.array(z.string()).describe('labels pointing at this version, `latest` included'),
  commitMessage: z.string(),
  createdBy: z.string(),
  createdAt: timestamp,
});

export const promptSummary = z.object({
  name: z.string(),
  description: z.string(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  latestVersion: z.number().int().min(0),
  labels: z.record(z.string(), z.number().int()).describe('label → version number, `latest` included'),
  createdBy: z.string(),
  createdAt: timestamp,
});

export const promptPage = z.object({
  data: z.array(promptSummary),
  nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
});

export const versionList = z.object({ data: z.array(versionView).describe('newest first') });

export const labelMoveView = z.object({
  id: z.uuid(),
  label: z.string(),
  fromVersion: z.number().int().nullable().describe('null when the label was created by this move'),
  toVersion: z.number().int(),
  movedBy: z.string(),
  reason: z.string().nullable(),
  createdAt: timestamp,
});

export const labelHistoryView = z.object({ data: z.array(labelMoveView).describe('newest first') });

export const labelMoved = z.object({
  name: z.string(),
  label: z.string(),
  version: z.number().int(),
  moved: z.boolean().describe('false when the label already pointed at that version'),
});

export const renderResult = z.object({
  name: z.string(),
  version: z.number().int(),
  type: z.enum(['text', 'chat']),
  text: z.string().optional().describe('present when type is text'),
  messages: z.array(chatMessage).optional().describe('present when type is chat'),
});

// Compile-time checks: a service result and its schema describe the same values.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;
export type ViewsMatchServices = [
  Expect<Same<z.infer<typeof versionView>, VersionView>>,
  Expect<Same<z.infer<typeof promptSummary>, PromptSummary>>,
  Expect<Same<z.infer<typeof labelMoveView>, LabelMoveView>>,
  Expect<RenderResult extends z.infer<typeof renderResult> ? true : false>,
];
