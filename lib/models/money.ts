// Money is exact: prices and costs are decimal strings with at most 10 fractional digits
// (numeric(20,10) in the database), computed in integer units of 1e-10 USD with BigInt.
const SCALE = 10;
const UNIT = 10n ** BigInt(SCALE);

const decimalPattern = /^\d{1,10}(\.\d{1,10})?$/;

export function isDecimal(value: string): boolean {
  return decimalPattern.test(value);
}

function toUnits(decimal: string): bigint {
  const [whole, fraction = ''] = decimal.split('.');
  return BigInt(whole!) * UNIT + BigInt(fraction.padEnd(SCALE, '0'));
}

function fromUnits(units: bigint): string {
  const whole = units / UNIT;
  const fraction = (units % UNIT).toString().padStart(SCALE, '0');
  return `${whole}.${fraction}`;
}

/** Normalizes a decimal as Postgres returns numeric(20,10): `2.5` → `2.5000000000`. */
export function normalizeDecimal(decimal: string): string {
  return fromUnits(toUnits(decimal));
}

/** Exact sum of decimal USD strings; null when there is nothing to add (no known cost). */
export function sumDecimals(values: (string | null | undefined)[]): string | null {
  const known = values.filter((v): v is string => typeof v === 'string');
  return known.length === 0 ? null : fromUnits(known.reduce((sum, v) => sum + toUnits(v), 0n));
}

export type Price = { inputPerMillion: string; outputPerMillion: string };

/**
 * tokens × price per million, summed for input and output, rounded half up to 1e-10 USD.
 * The product is exact in BigInt; only the final division by a million rounds.
 */
export function costOf(usage: { inputTokens: number; outputTokens: number }, price: Price): string {
  const micro = BigInt(usage.inputTokens) * toUnits(price.inputPerMillion) + BigInt(usage.outputTokens) * toUnits(price.outputPerMillion);
  return fromUnits((micro + 500_000n) / 1_000_000n);
}
