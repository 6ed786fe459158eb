// The create/edit form's state: what the person typed, as strings, and its translation into
// the service's input. Numbers are checked here with messages that name the field; the
// schema (the same one the server action parses with) checks the rest.
import { newExperimentInput, type NewExperimentInput } from '@/lib/experiments/schemas';
import type { ExperimentView } from '@/lib/experiments/views';

export type PromptChoice = { name: string; latestVersion: number; labels: Record<string, number> };

export type MetricType = 'binary' | 'continuous';
export type Direction = 'increase' | 'decrease';
export type Method = NewExperimentInput['method'];

export type VariantDraft = { key: string; version: string; weight: string; override: boolean; provider: string; model: string; temperature: string };
export type MetricPer = 'unit' | 'execution';
export type MetricAggregate = 'mean' | 'sum';
/** `per` and `aggregate` always hold a choice (the defaults); the input leaves out what does not apply. */
export type MetricDraft = { name: string; type: MetricType; direction: Direction; per: MetricPer; aggregate: MetricAggregate };
export type GuardrailDraft = MetricDraft & { tolerance: string };

export type ExperimentDraft = {
  key: string;
  name: string;
  hypothesis: string;
  prompt: string;
  variants: VariantDraft[];
  control: number;
  coverage: string;
  salt: string;
  /** A GrowthBook condition as JSON text; blank: every unit. */
  targeting: string;
  primaryMetric: MetricDraft;
  guardrails: GuardrailDraft[];
  method: Method;
  alpha: string;
  minSampleSize: string;
};

export type FieldErrors = Record<string, string>;

export const MIN_VARIANTS = 2;
export const MAX_VARIANTS = 8;

const VARIANT_KEYS = ['control', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

export function newVariant(existing: VariantDraft[], version: number | undefined): VariantDraft {
  const taken = new Set(existing.map((v) => v.key));
  const key = VARIANT_KEYS.find((k) => !taken.has(k)) ?? `v${existing.length + 1}`;
  return { key, version: version ? String(version) : '', weight: '1', override: false, provider: '', model: '', temperature: '' };
}

/** Control on what is in production (or the latest version), the challenger on the latest. */
export function variantsFor(prompt: PromptChoice | undefined): VariantDraft[] {
  const deployed = prompt?.labels.production ?? prompt?.latestVersion;
  const control = newVariant([], deployed);
  return [control, newVariant([control], prompt?.latestVersion)];
}

/** A metric with the defaults: analysed per unit, a unit's value the mean of its values. */
export function newMetric(m: { name: string; type: MetricType; direction: Direction; per?: MetricPer; aggregate?: MetricAggregate }): MetricDraft {
  return { name: m.name, type: m.type, direction: m.direction, per: m.per ?? 'unit', aggregate: m.aggregate ?? 'mean' };
}

/** The spec the service takes: `aggregate` only where it means something (a continuous metric per unit). */
function metricInput(m: MetricDraft) {
  return { name: m.name.trim(), type: m.type, direction: m.direction, per: m.per, ...(m.per === 'unit' && m.type === 'continuous' ? { aggregate: m.aggregate } : {}) };
}

export function emptyDraft(prompt: PromptChoice | undefined): ExperimentDraft {
  return {
    key: '',
    name: '',
    hypothesis: '',
    prompt: prompt?.name ?? '',
    variants: variantsFor(prompt),
    control: 0,
    coverage: '100',
    salt: '',
    targeting: '',
    primaryMetric: newMetric({ name: 'conversion', type: 'binary', direction: 'increase' }),
    guardrails: [],
    method: 'sequential',
    alpha: '0.05',
    minSampleSize: '100',
  };
}

/** The form filled from an experiment: to edit its draft, or to restart it under a new key. */
export function draftFromExperiment(e: ExperimentView, overrides: Partial<ExperimentDraft> = {}): ExperimentDraft {
  return {
    key: e.key,
    name: e.name,
    hypothesis: e.hypothesis,
    prompt: e.prompt,
    variants: e.variants.map((v) => ({
      key: v.key,
      version: String(v.version),
      weight: String(v.weight),
      override: Boolean(v.modelConfig && Object.keys(v.modelConfig).length > 0),
      provider: v.modelConfig?.provider ?? '',
      model: v.modelConfig?.model ?? '',
      temperature: v.modelConfig?.temperature !== undefined ? String(v.modelConfig.temperature) : '',
    })),
    control: Math.max(0, e.variants.findIndex((v) => v.control)),
    coverage: String(+(e.coverage * 100).toFixed(4)),
    salt: e.salt,
    targeting: e.targeting ? JSON.stringify(e.targeting, null, 2) : '',
    primaryMetric: newMetric(e.primaryMetric),
    guardrails: e.guardrailMetrics.map((g) => ({ ...newMetric(g), tolerance: String(+(g.tolerance * 100).toFixed(4)) })),
    method: e.method,
    alpha: String(e.alpha),
    minSampleSize: String(e.minSampleSize),
    ...overrides,
  };
}

/** exp → exp-2, exp-2 → exp-3: a restart needs a key of its own. */
export function restartKey(key: string): string {
  const numbered = /^(.*)-(\d+)$/.exec(key);
  return numbered ? `${numbered[1]}-${Number(numbered[2]) + 1}` : `${key}-2`;
}

/** What a name looks like as a key: "Shorter greeting" → "shorter-greeting". */
export function keyFromName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

/** Each variant's share of the covered traffic, or why the weights do not work. */
export function weightShares(variants: VariantDraft[]): { shares: (number | null)[]; problem: string | null } {
  const weights = variants.map((v) => (v.weight.trim() === '' ? NaN : Number(v.weight)));
  const bad = weights.map((w, i) => (Number.isFinite(w) && w > 0 ? null : variants[i]!.key || `variant ${i + 1}`)).filter(Boolean);
  if (bad.length > 0) return { shares: weights.map(() => null), problem: `Every weight must be a positive number (${bad.join(', ')}).` };
  const total = weights.reduce((a, b) => a + b, 0);
  return { shares: weights.map((w) => w / total), problem: null };
}

type Parsed = { ok: true; input: NewExperimentInput } | { ok: false; errors: FieldErrors };

function numberField(raw: string, path: string, label: string, errors: FieldErrors, check: (n: number) => boolean, rule: string): number {
  const n = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(n)) errors[path] = `${label} must be a number.`;
  else if (!check(n)) errors[path] = `${label} ${rule}.`;
  return n;
}

export function parseDraft(d: ExperimentDraft): Parsed {
  const errors: FieldErrors = {};
  const variants = d.variants.map((v, i) => {
    const path = `variants.${i}`;
    const version = numberField(v.version, `${path}.version`, 'The version', errors, (n) => Number.isInteger(n) && n >= 1, 'must be picked');
    const weight = numberField(v.weight, `${path}.weight`, 'The weight', errors, (n) => n > 0, 'must be positive');
    const modelConfig: { provider?: string; model?: string; temperature?: number } = {};
    if (v.override) {
      if (v.provider.trim()) modelConfig.provider = v.provider.trim();
      if (v.model.trim()) modelConfig.model = v.model.trim();
      if (v.temperature.trim()) {
        modelConfig.temperature = numberField(v.temperature, `${path}.modelConfig.temperature`, 'The temperature', errors, (n) => n >= 0 && n <= 2, 'must be between 0 and 2');
      }
    }
    return { key: v.key.trim(), version, weight, control: i === d.control, ...(Object.keys(modelConfig).length > 0 ? { modelConfig } : {}) };
  });
  const coverage = numberField(d.coverage, 'coverage', 'Coverage', errors, (n) => n >= 0 && n <= 100, 'must be between 0 and 100%');
  const alpha = numberField(d.alpha, 'alpha', 'Alpha', errors, (n) => n > 0 && n < 0.5, 'must be between 0 and 0.5');
  const minSampleSize = numberField(d.minSampleSize, 'minSampleSize', 'The minimum sample size', errors, (n) => Number.isInteger(n) && n >= 1, 'must be a whole number of at least 1');
  const guardrailMetrics = d.guardrails.map((g, i) => ({
    ...metricInput(g),
    tolerance: numberField(g.tolerance, `guardrailMetrics.${i}.tolerance`, 'The tolerance', errors, (n) => n >= 0 && n <= 1000, 'must be between 0 and 1000%') / 100,
  }));
  const targeting = parseTargeting(d.targeting, errors);
  const raw = {
    key: d.key.trim(),
    prompt: d.prompt,
    name: d.name.trim(),
    hypothesis: d.hypothesis.trim(),
    variants,
    coverage: coverage / 100,
    salt: d.salt.trim() || undefined,
    targeting,
    primaryMetric: metricInput(d.primaryMetric),
    guardrailMetrics,
    minSampleSize,
    alpha,
    method: d.method,
  };
  const parsed = newExperimentInput.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // One field holds the whole condition: its message names the place inside the condition.
      const inside = issue.path[0] === 'targeting' ? issue.path.slice(1).join('.') : null;
      const path = inside === null ? issue.path.join('.') : 'targeting';
      if (!errors[path]) errors[path] = inside ? `${inside}: ${issue.message}` : sentence(issue.message);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}

function parseTargeting(raw: string, errors: FieldErrors): unknown {
  if (raw.trim() === '') return null;
  try {
    return JSON.parse(raw);
  } catch {
    errors.targeting = 'Targeting must be JSON, such as {"country": {"$in": ["DE", "FR"]}}.';
    return undefined;
  }
}

const sentence = (m: string) => {
  const s = m.replace(/^Invalid input: /, '');
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}`;
};
