import type { ExperimentView } from './views';
import type { ExperimentResults, PopulationResults } from './results';

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const interval = (ci: [number, number]) => `[${pct(ci[0])}, ${pct(ci[1])}]`;
const pValue = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

type Input = Pick<PopulationResults, 'metrics' | 'srm' | 'sampleSizeReached' | 'population'> & { experiment: ExperimentView; control: string };

/** The verdict in words, as a person would say it on a results page. */
export function recommend({ experiment, control, metrics, srm, sampleSizeReached, population }: Input): ExperimentResults['recommendation'] {
  const units = population === 'units' ? 'units' : 'requests';
  const planned = experiment.minSampleSize.toLocaleString('en-US');
  if (srm.mismatch) {
    return {
      verdict: 'check_setup',
      winner: null,
      text: `Sample ratio mismatch (${pValue(srm.pValue ?? 0)}): traffic does not split as the weights say, so the results cannot be trusted. Check how units are sent before reading anything else.`,
    };
  }
  const primary = metrics.find((m) => m.role === 'primary')!;
  const guardrails = metrics.filter((m) => m.role === 'guardrail');
  const name = primary.metric.name;
  // The best winner improves the metric most in its own direction: the largest rise, or the deepest fall.
  const sign = primary.metric.direction === 'decrease' ? -1 : 1;
  const winners = primary.comparisons.filter((c) => c.better).sort((a, b) => sign * ((b.relativeDiff ?? 0) - (a.relativeDiff ?? 0)));
  const guardrailText = (variant: string) => {
    if (guardrails.length === 0) return { ok: true, text: '' };
    const broken = guardrails.filter((g) => g.withinTolerance?.[variant] === false).map((g) => g.metric.name);
    if (broken.length > 0) return { ok: false, text: `; guardrail ${broken.join(', ')} degraded beyond tolerance` };
    return { ok: true, text: `; guardrail${guardrails.length > 1 ? 's' : ''} ${guardrails.map((g) => g.metric.name).join(', ')} within tolerance` };
  };
  const best = winners[0];
  if (best && best.relativeDiff !== null && best.relativeCi && best.adjustedPValue !== null) {
    const g = guardrailText(best.variant);
    const evidence =
      experiment.method === 'bayesian' && best.chanceToBeatControl !== null
        ? `${(best.chanceToBeatControl * 100).toFixed(1)}% chance to beat ${control}`
        : pValue(best.adjustedPValue);
    const effect = `${best.variant} beats ${control} on ${name} by ${pct(best.relativeDiff)} ${interval(best.relativeCi)}, ${evidence}${g.text}`;
    if (!g.ok) return { verdict: 'inconclusive', winner: null, text: `${effect}: do not ship ${best.variant} without weighing that trade-off.` };
    if (!sampleSizeReached && experiment.method === 'frequentist') {
      // A fixed-horizon p-value read before the planned sample is one of many looks: daily
      // peeking at it ships a false winner about one time in five. It names no winner yet.
      return {
        verdict: 'keep_running',
        winner: null,
        text: `${best.variant} leads ${control} on ${name} by ${pct(best.relativeDiff)}, but this is a fixed-horizon test: its p-value holds only at the planned ${planned} ${units} per variant, so keep it running until then.`,
      };
    }
    if (!sampleSizeReached) {
      return { verdict: 'keep_running', winner: best.variant, text: `${effect}; the minimum sample of ${planned} ${units} per variant is not reached yet, so keep it running.` };
    }
    return { verdict: 'ship', winner: best.variant, text: `${effect}; ready to ship ${best.variant}.` };
  }
  const losers = primary.comparisons.filter((c) => c.worse);
  if (sampleSizeReached && losers.length === primary.comparisons.length && losers.length > 0) {
    return { verdict: 'keep_control', winner: control, text: `Every treatment is worse than ${control} on ${name}; keep ${control}.` };
  }
  if (!sampleSizeReached) {
    return {
      verdict: 'keep_running',
      winner: null,
      text: `No significant difference on ${name} yet; keep it running until every variant has ${planned} ${units}.`,
    };
  }
  return { verdict: 'inconclusive', winner: null, text: `No significant difference on ${name} at alpha ${experiment.alpha}; the variants perform alike.` };
}
