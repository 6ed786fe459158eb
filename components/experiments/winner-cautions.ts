import { changedModelKeys, describeModelChange, mergeModelConfig, type ModelConfig } from '@/lib/experiments/model-override';
import { count } from './figures';

// Read by name and defensively: the results carry per variant `units` (what the minimum sample
// counts) beside `executions`; results from before units existed count executions.
type VariantCount = { key: string; control?: boolean; executions: number; units?: number; target: number; reached: boolean };
type Verdict = { verdict: string; winner: string | null; text: string };

/**
 * Why shipping `variantKey` now may be premature, in words for the winner dialog: the minimum
 * sample not reached by some variant, or results that do not recommend this variant (a "ship"
 * for it, or "keep the control" when it is the control). Empty when the results back it. The
 * admin may still go ahead.
 */
export function winnerCautions(results: { variants: VariantCount[]; recommendation: Verdict }, variantKey: string): string[] {
  const cautions: string[] = [];
  const short = results.variants.filter((v) => !v.reached);
  if (short.length > 0) {
    const noun = short.every((v) => typeof v.units === 'number') ? 'units' : 'executions';
    const target = count(short[0]!.target);
    const counts = short.map((v) => `${v.key} has ${count(noun === 'units' ? v.units! : v.executions)}`).join(', ');
    cautions.push(`The minimum sample of ${target} ${noun} per variant is not reached (${counts}): a difference seen now may be noise.`);
  }
  const { verdict, winner, text } = results.recommendation;
  const isControl = results.variants.find((v) => v.key === variantKey)?.control === true;
  const backed = (verdict === 'ship' && winner === variantKey) || (verdict === 'keep_control' && (winner === variantKey || (winner === null && isControl)));
  if (!backed) cautions.push(`The results do not recommend shipping ${variantKey}: ${text}`);
  return cautions;
}

/** What production would serve after this winner: the variant's version, or a new one with its model override merged in. */
export type WinnerDeploy = { created: false } | { created: true; change: string; model: string | undefined };

/**
 * Whether shipping the variant creates a version: only when its override changes the model
 * config of its version (`version` undefined when unknown: then any override counts).
 */
export function winnerDeploy(variant: { modelConfig: ModelConfig | null }, version: ModelConfig | undefined): WinnerDeploy {
  const base = version ?? {};
  const changed = version ? changedModelKeys(base, variant.modelConfig) : (Object.keys(variant.modelConfig ?? {}) as (keyof ModelConfig)[]);
  if (changed.length === 0) return { created: false };
  const merged = mergeModelConfig(base, variant.modelConfig);
  return { created: true, change: describeModelChange(merged, changed), model: merged.model };
}

/** The dialog's sentence about the new version a model override becomes; null without one. */
export function overrideNote(prompt: string, variant: { key: string; version: number }, deploy: WinnerDeploy): string | null {
  if (!deploy.created) return null;
  return (
    `${variant.key} overrides the model config of v${variant.version} (${deploy.change}). Versions never change, so a new version of ${prompt} ` +
    `will be created: v${variant.version}’s template with that model config, and production will point to the new version.`
  );
}
