import type { PromptRow, VersionRow } from '@/db/queries/prompts';
import type { ModelConfig } from '@/db/schema';
import { assignVariant, runningExperiment } from '@/lib/experiments/serving';
import type { UnitAttributes } from '@/lib/experiments/targeting';
import { servedVersion } from '@/lib/prompts/rendering';
import { render, type Rendered } from '@/lib/prompts/templates';
import { compiledVersion } from '@/lib/prompts/versions';

export type Served = {
  prompt: PromptRow;
  row: VersionRow;
  /** The label served, or null when an experiment variant (or an explicit version) was. */
  label: string | null;
  experiment: { id: string; key: string; variant: string } | null;
  rendered: Rendered;
  modelConfig: ModelConfig;
};

export type ServeInput = { unitId?: string; variables: Record<string, unknown>; label?: string; attributes?: UnitAttributes };

/**
 * Steps 1–3 of the serving path: the running experiment's variant for the unit (or the label),
 * rendered with the variables, with the variant's model override merged over the version's.
 * `version` pins a version and bypasses any experiment (the playground).
 */
export async function servePrompt(name: string, input: ServeInput, pin?: { version: number }): Promise<Served> {
  const experiment = pin ? null : await runningExperiment(name);
  // A unit the experiment does not target, or outside its coverage, gets the label (not the control).
  const variant = experiment ? assignVariant(experiment, input.unitId, input.attributes) : null;
  const label = variant || pin ? null : (input.label ?? 'production');
  const selector = pin ?? (variant ? { version: variant.version } : { label: label! });
  const { prompt, row } = await servedVersion(name, selector);
  const rendered = await render(compiledVersion(row), row.variables, input.variables);
  return {
    prompt,
    row,
    label,
    experiment: variant ? { id: experiment!.id, key: experiment!.key, variant: variant.key } : null,
    rendered,
    modelConfig: { ...row.modelConfig, ...(variant?.modelConfig ?? {}) },
  };
}

/** The template as Phoenix shows it: the text, or the chat messages as JSON. */
export function templateOf(row: VersionRow): string {
  return row.type === 'chat' ? JSON.stringify(row.messages ?? []) : (row.template ?? '');
}

/** The CHAIN span's metadata: the caller's own, then what Verso served (which wins on a clash). */
export function metadataOf(name: string, served: Served, executionId: string, caller?: Record<string, unknown>) {
  return {
    ...caller,
    prompt: name,
    version: served.row.version,
    label: served.label,
    experiment: served.experiment?.key ?? null,
    variant: served.experiment?.variant ?? null,
    executionId,
  };
}
