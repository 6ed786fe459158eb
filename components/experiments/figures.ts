// How the console writes the numbers of an experiment. Every function takes null (an
// undefined statistic: too few units, zero variance…) and shows it as a dash.
const DASH = '—';

export function percent(x: number | null, digits = 1): string {
  return x === null ? DASH : `${(x * 100).toFixed(digits)}%`;
}

export function signedPercent(x: number | null, digits = 1): string {
  return x === null ? DASH : `${x > 0 ? '+' : ''}${(x * 100).toFixed(digits)}%`;
}

/** A value in the metric's own units, with as many digits as a person can read. */
export function amount(x: number | null): string {
  if (x === null) return DASH;
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 0.001 || abs >= 1e6)) return x.toExponential(2);
  return x.toLocaleString('en-US', { maximumSignificantDigits: 4 });
}

export function signedAmount(x: number | null): string {
  return x === null ? DASH : `${x > 0 ? '+' : ''}${amount(x)}`;
}

export function pValue(p: number | null): string {
  if (p === null) return DASH;
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** "p < 0.001" or "p = 0.042", for sentences. */
export function pStatement(p: number | null): string {
  if (p === null) return 'p undefined';
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** "3 min", "5 h", "2 d": how long ago, rounded down, for lists. */
export function age(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

type Summary = { type: 'binary'; rate: number | null } | { type: 'continuous'; mean: number | null } | { type: 'ratio'; ratio: number | null };

/** A variant's estimate of a metric: its rate, its mean of per-unit values, or its ratio. */
export function estimateOf(s: Summary | undefined): number | null {
  if (!s) return null;
  return s.type === 'binary' ? s.rate : s.type === 'ratio' ? s.ratio : s.mean;
}

/** A binary metric's estimate (a rate, per unit or per execution) reads as a percentage; the others in their own units. */
export function estimate(metricType: 'binary' | 'continuous', x: number | null): string {
  return metricType === 'binary' ? percent(x, 2) : amount(x);
}
