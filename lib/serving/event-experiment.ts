import type { listExperimentVariants } from '@/db/queries/serving';
import { assignVariant, servingExperimentOf, type ServingExperiment } from '@/lib/experiments/serving';
import type { VariantView } from '@/lib/experiments/views';
import type { ExecutionEvent } from './schemas';

// An SDK reports the variant it served; the server recomputes the assignment with the same
// inputs (targeting over the attributes, coverage, hash v2 of seed + unit) and refuses an event
// whose unit would have got another variant or none: such an execution would bias the results
// (a stale or tampered client), and the statistics count only what the server would have served.

type Row = Awaited<ReturnType<typeof listExperimentVariants>>[number];

/** Paused keeps its events: what SDKs served before they saw the pause still counts. */
const ACCEPTING = new Set<Row['status']>(['running', 'paused']);

export type EventExperiment = ServingExperiment & {
  check: (promptId: string, event: ExecutionEvent) => { variant: VariantView } | { reason: string };
};

/** The experiment from its variant rows (in position order), as serving assigns with it. */
export function eventExperiment(rows: Row[]): EventExperiment {
  const first = rows[0]!;
  const variants: VariantView[] = rows.map((r) => ({ key: r.variant, version: r.version, weight: r.weight, control: r.isControl, modelConfig: r.modelConfig }));
  const serving = servingExperimentOf({ ...first, targeting: first.targeting ?? null }, variants);
  return {
    ...serving,
    check(promptId, event) {
      const claimed = event.experiment!;
      if (first.promptId !== promptId) return { reason: `Experiment "${first.key}" does not test prompt "${event.prompt}".` };
      if (!ACCEPTING.has(first.status)) return { reason: `Experiment "${first.key}" is ${first.status}; events are accepted while it runs or is paused.` };
      const variant = variants.find((v) => v.key === claimed.variant);
      if (!variant) return { reason: `Experiment "${first.key}" has no variant "${claimed.variant}".` };
      if (variant.version !== event.version) return { reason: `Variant ${variant.key} of experiment "${first.key}" serves version ${variant.version}, not ${event.version}.` };
      // Without a unit the variant was drawn per request: nothing to recompute.
      if (event.unitId === undefined) return { variant };
      const assigned = assignVariant(serving, event.unitId, event.attributes);
      if (!assigned) return { reason: `Unit ${event.unitId} is not in experiment "${first.key}" (not targeted, or outside its coverage).` };
      if (assigned.key !== variant.key) return { reason: `Unit ${event.unitId} gets variant ${assigned.key}, not ${variant.key}.` };
      return { variant };
    },
  };
}
