import type { PromptRow, VersionRow } from '@/db/queries/prompts';
import type { ChatMessage, ModelConfig, VariableSpec } from '@/db/schema';
import { compiledFor, type PromptBody } from './templates';

/** A version as the API and the console show it. */
export type VersionView = {
  name: string;
  version: number;
  type: 'text' | 'chat';
  template?: string;
  messages?: ChatMessage[];
  variables: VariableSpec[];
  modelConfig: ModelConfig;
  labels: string[];
  commitMessage: string;
  createdBy: string;
  createdAt: string;
};

export function bodyOf(v: VersionRow): PromptBody {
  return v.type === 'chat' ? { type: 'chat', messages: v.messages ?? [] } : { type: 'text', template: v.template ?? '' };
}

export function compiledVersion(v: VersionRow) {
  return compiledFor(v.id, bodyOf(v));
}

export function toVersionView(prompt: Pick<PromptRow, 'name'>, v: VersionRow, labels: string[]): VersionView {
  const view: VersionView = {
    name: prompt.name,
    version: v.version,
    type: v.type,
    variables: v.variables,
    modelConfig: v.modelConfig,
    labels,
    commitMessage: v.commitMessage,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
  };
  if (v.type === 'chat') view.messages = v.messages ?? [];
  else view.template = v.template ?? '';
  return view;
}
