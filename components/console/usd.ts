// Money arrives as exact decimal strings (numeric in Postgres) and is formatted as strings:
// a float would show 0.1 + 0.2 cents as 0.30000000000000004.

function parts(decimal: string): { digits: bigint; scale: number; negative: boolean } | null {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!m) return null;
  const fraction = m[3] ?? '';
  return { digits: BigInt(`${m[2]}${fraction}`), scale: fraction.length, negative: m[1] === '-' };
}

function render(digits: bigint, scale: number, negative: boolean, minDecimals: number): string {
  const text = digits.toString().padStart(scale + 1, '0');
  const whole = text.slice(0, text.length - scale);
  let fraction = scale > 0 ? text.slice(text.length - scale).replace(/0+$/, '') : '';
  fraction = fraction.padEnd(minDecimals, '0');
  const sign = negative && digits !== 0n ? '-' : '';
  return `${sign}$${Number(whole).toLocaleString('en-US')}${fraction ? `.${fraction}` : ''}`;
}

/**
 * A cost in USD to at most 6 significant digits, rounded half up, trailing zeros dropped:
 * `0.0000198000` → `$0.0000198`, `0.0001234567` → `$0.000123457`, `12.5000000000` → `$12.5`.
 * Anything that is not a decimal is shown as it came.
 */
export function formatUsd(decimal: string, significant = 6): string {
  const p = parts(decimal);
  if (!p) return decimal;
  let { digits, scale } = p;
  const excess = digits.toString().length - significant;
  // Round away the digits past the last significant one, but never into the whole dollars.
  const drop = Math.min(Math.max(excess, 0), scale);
  if (drop > 0) {
    const unit = 10n ** BigInt(drop);
    digits = (digits + unit / 2n) / unit;
    scale -= drop;
  }
  return render(digits, scale, p.negative, 0);
}

/** A catalog price per million tokens, exact, with cents always shown: `2.5000000000` → `$2.50`. */
export function formatPrice(decimal: string): string {
  const p = parts(decimal);
  return p ? render(p.digits, p.scale, p.negative, 2) : decimal;
}

/** The decimal without trailing zeros, for an input field: `2.5000000000` → `2.5`, `15.0000000000` → `15`. */
export function trimDecimal(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/0+$/, '').replace(/\.$/, '') : decimal;
}

/** A cost that may be unknown (no catalog price, a failed call): `—`. */
export function formatCost(decimal: string | null): string {
  return decimal === null ? '—' : formatUsd(decimal);
}
