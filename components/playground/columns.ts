import { draftFromVersion, variableDraft, type Draft, type VariableSpec } from '@/components/prompt-editor/draft';
import type { ErrorBody } from '@/lib/api/errors';
import type { ColumnOutcome } from '@/lib/executions/playground';
import type { VersionView } from '@/lib/prompts/versions';

export type ModelChoice = { provider: string; model: string };

/** One (version, model) pair side by side with the others, and what its last run gave. */
export type Column = {
  key: string;
  version: number;
  model: ModelChoice | null;
  /** Picked by hand: changing the version then keeps it instead of taking the version's own model. */
  modelTouched: boolean;
  /** The template being edited, or null while the column runs the saved version. */
  draft: Draft | null;
  /** The variables the draft reads, as the server last detected them. */
  detected: VariableSpec[] | null;
  commitMessage: string;
  outcome: ColumnOutcome | null;
  running: boolean;
  saving: boolean;
  failure: ErrorBody['error'] | null;
  notice: string | null;
};

// The same limit as the run action's (lib/executions/playground.ts).
export const MAX_COLUMNS = 4;

let keys = 0;

/** The version's own model, when its model config names one. */
export function ownModel(v: VersionView | undefined): ModelChoice | null {
  const { provider, model } = v?.modelConfig ?? {};
  return provider && model ? { provider, model } : null;
}

export function newColumn(v: VersionView, model: ModelChoice | null = ownModel(v)): Column {
  return {
    key: `c${++keys}`,
    version: v.version,
    model,
    modelTouched: false,
    draft: null,
    detected: null,
    commitMessage: '',
    outcome: null,
    running: false,
    saving: false,
    failure: null,
    notice: null,
  };
}

export const startEditing = (v: VersionView): Pick<Column, 'draft' | 'detected' | 'notice'> => ({ draft: draftFromVersion(v), detected: v.variables, notice: null });

// Select values: a model id may hold `/` or `:` (openai/gpt-oss-20b, llama3.1:8b), so the pair travels as JSON.
export const modelKey = (m: ModelChoice) => JSON.stringify([m.provider, m.model]);

export function modelOfKey(key: string): ModelChoice | null {
  try {
    const [provider, model] = JSON.parse(key) as [unknown, unknown];
    return typeof provider === 'string' && typeof model === 'string' ? { provider, model } : null;
  } catch {
    return null;
  }
}

/** Every variable any column reads, first declaration winning, in order of appearance. */
export function variableUnion(lists: VariableSpec[][]): VariableSpec[] {
  const seen = new Map<string, VariableSpec>();
  for (const list of lists) for (const spec of list) if (!seen.has(spec.name)) seen.set(spec.name, spec);
  return [...seen.values()];
}

/** What a variable's input starts with: its default, as text. */
export const defaultText = (spec: VariableSpec) => variableDraft(spec).defaultText;

/**
 * The typed-in texts as the values a run sends. An empty input sends nothing (the default, or a
 * missing-variable error, applies); a JSON variable must parse; other types the server coerces.
 */
export function typedValues(specs: VariableSpec[], texts: Record<string, string>): { values: Record<string, unknown>; error?: string } {
  const values: Record<string, unknown> = {};
  for (const spec of specs) {
    const text = texts[spec.name] ?? defaultText(spec);
    if (text === '') continue;
    if (spec.type !== 'json') {
      values[spec.name] = text;
      continue;
    }
    try {
      values[spec.name] = JSON.parse(text);
    } catch {
      return { values, error: `${spec.name} is a JSON variable: its value must be valid JSON, e.g. ["a", "b"] or {"key": 1}.` };
    }
  }
  return { values };
}

/** The versions loaded with the page plus those saved here since, newest first. */
export function mergeVersions(loaded: VersionView[], saved: VersionView[]): VersionView[] {
  const byNumber = new Map<number, VersionView>();
  for (const v of [...saved, ...loaded]) byNumber.set(v.version, v);
  return [...byNumber.values()].sort((a, b) => b.version - a.version);
}

export const versionText = (v: VersionView) => {
  const labels = v.labels.length > 0 ? ` (${v.labels.join(', ')})` : '';
  return `v${v.version}${labels}`;
};
