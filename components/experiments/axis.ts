// The value axis of the experiment charts: a domain fitted to the data, rounded out to a nice
// step (1, 2, 2.5 or 5 × 10^k), with ticks at every step. recharts' own 'auto' domain rounds a
// rate of 97% up to 120%; a rate's axis here never leaves 0–100% (every nice step below 1
// divides 1, so the last tick lands on 100% at most).

export type Axis = { domain: [number, number]; ticks: number[]; step: number };

const NICE = [1, 2, 2.5, 5, 10];
// Floating point: 0.3 / 0.1 is 2.9999999999999996.
const EPS = 1e-9;

/** The smallest nice step at least `raw`. */
export function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return NICE.find((n) => raw / power <= n + EPS)! * power;
}

/** Decimals that show every tick of the axis distinctly (percent points for a rate). */
export function tickDigits(step: number, scale: 'rate' | 'amount'): number {
  const unit = scale === 'rate' ? step * 100 : step;
  for (let d = 0; d < 6; d++) if (Math.abs(Math.round(unit * 10 ** d) - unit * 10 ** d) < EPS * 10 ** d) return d;
  return 6;
}

/** An axis covering `values` (non-finite ones ignored) with about `target` steps. */
export function niceAxis(values: number[], scale: 'rate' | 'amount', target = 4): Axis {
  const finite = values.filter(Number.isFinite);
  const clamp = (x: number) => (scale === 'rate' ? Math.min(1, Math.max(0, x)) : x);
  let lo = clamp(finite.length > 0 ? Math.min(...finite) : 0);
  let hi = clamp(finite.length > 0 ? Math.max(...finite) : 0);
  if (hi - lo < EPS) {
    // A flat line: give it room around its value (a line of zeros: 0–10%, or 0–1).
    const pad = hi === 0 ? (scale === 'rate' ? 0.1 : 1) : Math.abs(hi) * 0.1;
    [lo, hi] = [clamp(lo - pad), clamp(hi + pad)];
  }
  const step = niceStep((hi - lo) / target);
  const first = Math.floor(lo / step + EPS);
  const last = Math.ceil(hi / step - EPS);
  // k·step, not a running sum, so the ticks do not drift; rounded to drop float noise.
  const ticks = Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toPrecision(12)));
  return { domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks, step };
}
