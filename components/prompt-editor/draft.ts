import type { VersionView } from '@/lib/prompts/versions';

// The editor keeps what people type as text and turns it into typed values only when it
// sends them, so that a half-typed number or JSON object never throws away their input.

export type ChatRole = 'system' | 'user' | 'assistant';
export type VariableSpec = VersionView['variables'][number];
export type VariableType = VariableSpec['type'];
export type ModelConfig = VersionView['modelConfig'];

export type MessageDraft = { key: string; role: ChatRole; content: string };
export type VariableDraft = { name: string; required: boolean; type: VariableType; defaultText: string; description: string };
export type ModelConfigDraft = {
  provider: string;
  model: string;
  temperature: string;
  maxTokens: string;
  topP: string;
  stop: string;
  extra: string;
};

export type Draft = {
  type: 'text' | 'chat';
  template: string;
  messages: MessageDraft[];
  /** Settings people gave per variable name; kept when a variable leaves the template and comes back. */
  variables: Record<string, VariableDraft>;
  samples: Record<string, string>;
  modelConfig: ModelConfigDraft;
};

let keys = 0;
export const messageKey = () => `m${++keys}`;

/** `model`: the provider and model a new prompt starts with, as values (not placeholders). */
export function emptyDraft(type: Draft['type'] = 'text', model: { provider: string; model: string } = { provider: '', model: '' }): Draft {
  return {
    type,
    template: '',
    messages: [
      { key: messageKey(), role: 'system', content: '' },
      { key: messageKey(), role: 'user', content: '' },
    ],
    variables: {},
    samples: {},
    modelConfig: { provider: model.provider, model: model.model, temperature: '', maxTokens: '', topP: '', stop: '', extra: '' },
  };
}

export function draftFromVersion(v: VersionView): Draft {
  const m = v.modelConfig;
  const num = (n: number | undefined) => (n === undefined ? '' : String(n));
  return {
    type: v.type,
    template: v.template ?? '',
    messages:
      v.type === 'chat' && v.messages?.length
        ? v.messages.map((msg) => ({ key: messageKey(), role: msg.role, content: msg.content }))
        : emptyDraft().messages,
    variables: Object.fromEntries(v.variables.map((spec) => [spec.name, variableDraft(spec)])),
    samples: {},
    modelConfig: {
      provider: m.provider ?? '',
      model: m.model ?? '',
      temperature: num(m.temperature),
      maxTokens: num(m.maxTokens),
      topP: num(m.topP),
      stop: (m.stop ?? []).join('\n'),
      extra: m.extra && Object.keys(m.extra).length > 0 ? JSON.stringify(m.extra, null, 2) : '',
    },
  };
}

export function variableDraft(spec: VariableSpec): VariableDraft {
  const d = spec.default;
  return {
    name: spec.name,
    required: spec.required,
    type: spec.type,
    defaultText: d === undefined ? '' : typeof d === 'string' ? d : JSON.stringify(d),
    description: spec.description ?? '',
  };
}

export function draftBody(draft: Draft) {
  return draft.type === 'text'
    ? { type: 'text' as const, template: draft.template }
    : { type: 'chat' as const, messages: draft.messages.map(({ role, content }) => ({ role, content })) };
}

/** A default typed as its variable's type, or the reason it cannot be. */
export function parseDefault(v: VariableDraft): { value?: unknown; error?: string } {
  const text = v.defaultText;
  if (text === '') return {};
  switch (v.type) {
    case 'string':
      return { value: text };
    case 'number': {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? { value: n } : { error: 'The default must be a number.' };
    }
    case 'boolean':
      return text === 'true' || text === 'false' ? { value: text === 'true' } : { error: 'The default must be true or false.' };
    case 'json':
      try {
        return { value: JSON.parse(text) };
      } catch {
        return { error: 'The default must be valid JSON, e.g. ["a", "b"] or {"key": 1}.' };
      }
  }
}

export function variableSpec(v: VariableDraft): VariableSpec {
  const spec: VariableSpec = { name: v.name, required: v.required, type: v.type };
  const parsed = parseDefault(v);
  if (parsed.value !== undefined) spec.default = parsed.value;
  if (v.description.trim()) spec.description = v.description.trim();
  return spec;
}

export const variableSpecs = (draft: Draft): VariableSpec[] => Object.values(draft.variables).map(variableSpec);

export type FieldErrors = Record<string, string>;

/** The model config as the API takes it, and what is wrong with each field. */
export function parseModelConfig(d: ModelConfigDraft): { config: ModelConfig; errors: FieldErrors } {
  const config: ModelConfig = {};
  const errors: FieldErrors = {};
  if (d.provider.trim()) config.provider = d.provider.trim();
  if (d.model.trim()) config.model = d.model.trim();
  const number = (field: 'temperature' | 'maxTokens' | 'topP', min: number, max: number, integer = false) => {
    const text = d[field].trim();
    if (!text) return;
    const n = Number(text);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) errors[field] = integer ? 'A whole number.' : 'A number.';
    else if (n < min || n > max) errors[field] = `Between ${min} and ${max.toLocaleString('en')}.`;
    else config[field] = n;
  };
  number('temperature', 0, 2);
  number('maxTokens', 1, 1_000_000, true);
  number('topP', 0, 1);
  const stop = d.stop
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  if (stop.length > 8) errors.stop = 'At most 8 stop sequences.';
  else if (stop.length > 0) config.stop = stop;
  if (d.extra.trim()) {
    try {
      const extra: unknown = JSON.parse(d.extra);
      if (!extra || typeof extra !== 'object' || Array.isArray(extra)) errors.extra = 'Extra parameters are a JSON object, e.g. {"seed": 7}.';
      else config.extra = extra as Record<string, unknown>;
    } catch {
      errors.extra = 'Not valid JSON yet.';
    }
  }
  return { config, errors };
}
