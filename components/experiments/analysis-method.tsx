import { Badge } from '@/components/ui/badge';
import type { ExperimentView } from '@/lib/experiments/views';
import { BAYESIAN_LOSS_THRESHOLD as DEFAULT_LOSS_THRESHOLD } from '@/lib/experiments/decision';
import { count } from './figures';

// The loss threshold comes with the results (analysis.lossThreshold); before there are any (a
// draft's header) it is the analysis' own constant.
export { DEFAULT_LOSS_THRESHOLD };

export type MethodInfo = {
  method: ExperimentView['method'];
  alpha: number;
  minSampleSize: number;
  /** Sequential: the tuning parameter (total units of two arms) the intervals are built with. */
  tuningParameter: number | null;
  /** Bayesian: the largest expected loss of shipping, relative to |control|. */
  lossThreshold: number | null;
};

/** What the header knows before any result: the tuning parameter is fixed at start, 2 × minimum sample until then. */
export function methodInfoOf(e: ExperimentView): MethodInfo {
  return {
    method: e.method,
    alpha: e.alpha,
    minSampleSize: e.minSampleSize,
    tuningParameter: e.method === 'sequential' ? (e.sequentialTuning ?? 2 * e.minSampleSize) : null,
    lossThreshold: e.method === 'bayesian' ? DEFAULT_LOSS_THRESHOLD : null,
  };
}

export const share = (x: number) => `${+(x * 100).toFixed(2)}%`;

/** The badge's words and the sentence behind them (its tooltip, and the text under the metrics). */
export function describeMethod(info: MethodInfo): { label: string; detail: string } {
  if (info.method === 'sequential') {
    return {
      label: 'sequential · peeking-safe',
      detail: `Always-valid intervals (tuning parameter ${count(info.tuningParameter ?? 2 * info.minSampleSize)} units): the results may be read at any time and acted on as soon as they are clear.`,
    };
  }
  if (info.method === 'bayesian') {
    const loss = info.lossThreshold ?? DEFAULT_LOSS_THRESHOLD;
    return {
      label: `Bayesian · decides on chance > ${share(1 - info.alpha)} (1−α) and expected loss < ${share(loss)}`,
      detail: `Ships a variant once its chance to beat the control exceeds ${share(1 - info.alpha)} and the expected loss of shipping it is below ${share(loss)} of the control’s value.`,
    };
  }
  return {
    label: 'fixed horizon',
    detail: `A fixed-horizon test is valid only once every variant reaches the planned ${count(info.minSampleSize)} units: results read before that are not final, and acting on them inflates false positives.`,
  };
}

/** How the results are decided, as a badge: peeking-safe, fixed horizon or Bayesian. */
export function MethodBadge({ info, testId = 'method-badge' }: { info: MethodInfo; testId?: string }) {
  const { label, detail } = describeMethod(info);
  return (
    <Badge variant={info.method === 'frequentist' ? 'warning' : 'outline'} title={detail} data-testid={testId} data-method={info.method}>
      {label}
    </Badge>
  );
}
