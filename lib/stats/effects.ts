import { type Interval, intervalOrNull } from './summaries';

/** An arm's estimate and the variance of that estimate (s²/n for a mean, p(1−p)/n for a rate). */
export type Estimate = { value: number; variance: number };

export type RelativeEffect = { relativeDiff: number; relativeCi: Interval | null; standardError: number };

/**
 * Relative effect (T − C)/|C| with a delta-method interval:
 * var(T/C) ≈ var_T/C² + T²·var_C/C⁴ (the sign of C does not change it). Dividing by |C| keeps
 * the sign of the absolute difference: with a negative control, a rise is still positive, so a
 * guardrail's tolerance never reads a degradation as an improvement. Null when C is 0.
 */
export function relativeEffect(control: Estimate, treatment: Estimate, critical: number): RelativeEffect | null {
  const c = control.value;
  if (c === 0 || !Number.isFinite(c)) return null;
  const ratio = treatment.value / c;
  const relativeDiff = (treatment.value - c) / Math.abs(c);
  const standardError = Math.sqrt((treatment.variance + ratio * ratio * control.variance) / (c * c));
  const halfWidth = critical * standardError;
  const relativeCi = standardError > 0 ? intervalOrNull(relativeDiff - halfWidth, relativeDiff + halfWidth) : null;
  return { relativeDiff, relativeCi, standardError };
}

export const ZERO_CONTROL_REASON = 'the control is 0, so the relative effect is undefined';
