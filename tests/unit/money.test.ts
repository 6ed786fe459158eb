import { describe, expect, it } from 'vitest';
import { costOf, isDecimal, normalizeDecimal, sumDecimals } from '@/lib/models/money';

// Costs are exact decimals of USD with 10 fractional digits. Every expected value below was
// worked out by hand (tokens × price per million ÷ 1,000,000, rounded half up at 1e-10).

describe('costOf', () => {
  it('adds input and output cost exactly, to the tenth decimal', () => {
    // 1234 × 0.1234567891 = 152.3456777494 and 567 × 2.9876543219 = 1694.0000005173:
    // 1846.3456782667 per million = 0.0018463456|782667, rounded up at the tenth decimal.
    expect(costOf({ inputTokens: 1234, outputTokens: 567 }, { inputPerMillion: '0.1234567891', outputPerMillion: '2.9876543219' })).toBe('0.0018463457');
  });

  it('prices a round case as a person would', () => {
    // 1000 × 0.15 + 2000 × 0.60 = 1350 per million.
    expect(costOf({ inputTokens: 1000, outputTokens: 2000 }, { inputPerMillion: '0.15', outputPerMillion: '0.60' })).toBe('0.0013500000');
  });

  it('rounds half a unit of 1e-10 up, and less than half down', () => {
    // One token at 0.00005 per million is 5e-11 USD: exactly half of the smallest unit.
    expect(costOf({ inputTokens: 1, outputTokens: 0 }, { inputPerMillion: '0.00005', outputPerMillion: '0' })).toBe('0.0000000001');
    expect(costOf({ inputTokens: 1, outputTokens: 0 }, { inputPerMillion: '0.000049', outputPerMillion: '0' })).toBe('0.0000000000');
    expect(costOf({ inputTokens: 0, outputTokens: 1 }, { inputPerMillion: '0', outputPerMillion: '0.00015' })).toBe('0.0000000002');
    expect(costOf({ inputTokens: 0, outputTokens: 1 }, { inputPerMillion: '0', outputPerMillion: '0.000149' })).toBe('0.0000000001');
  });

  it('rounds the sum once, not each half separately', () => {
    // 4e-11 + 4e-11 = 8e-11 rounds to 1e-10; rounding each first would give 0.
    expect(costOf({ inputTokens: 1, outputTokens: 1 }, { inputPerMillion: '0.00004', outputPerMillion: '0.00004' })).toBe('0.0000000001');
  });

  it('stays exact for a billion tokens at the largest price a column holds', () => {
    expect(costOf({ inputTokens: 1e9, outputTokens: 0 }, { inputPerMillion: '15', outputPerMillion: '75' })).toBe('15000.0000000000');
    // 2e9 × 9999999999.9999999999 / 1e6: a float would have lost the last eight digits.
    expect(
      costOf({ inputTokens: 1e9, outputTokens: 1e9 }, { inputPerMillion: '9999999999.9999999999', outputPerMillion: '9999999999.9999999999' }),
    ).toBe('19999999999999.9999998000');
  });

  it('costs nothing at a zero price or with no tokens', () => {
    expect(costOf({ inputTokens: 123_456, outputTokens: 7_890 }, { inputPerMillion: '0', outputPerMillion: '0.0000000000' })).toBe('0.0000000000');
    expect(costOf({ inputTokens: 0, outputTokens: 0 }, { inputPerMillion: '2.5', outputPerMillion: '10' })).toBe('0.0000000000');
  });

  it('reads prices as Postgres returns them, with trailing zeros', () => {
    expect(costOf({ inputTokens: 3, outputTokens: 7 }, { inputPerMillion: '2.5000000000', outputPerMillion: '10.0000000000' })).toBe('0.0000775000');
  });
});

describe('normalizeDecimal', () => {
  it('writes a decimal as numeric(20,10) does', () => {
    expect(normalizeDecimal('2.5')).toBe('2.5000000000');
    expect(normalizeDecimal('0')).toBe('0.0000000000');
    expect(normalizeDecimal('15')).toBe('15.0000000000');
    expect(normalizeDecimal('0.0000000001')).toBe('0.0000000001');
    expect(normalizeDecimal('9999999999.9999999999')).toBe('9999999999.9999999999');
    expect(normalizeDecimal('007.10')).toBe('7.1000000000');
  });
});

describe('isDecimal', () => {
  it('accepts plain decimals with up to 10 digits on either side of the point', () => {
    for (const ok of ['0', '0.15', '2.5', '10', '0.0000000001', '9999999999.9999999999']) expect(isDecimal(ok), ok).toBe(true);
  });

  it('refuses what is not a plain non-negative decimal', () => {
    for (const bad of ['', '1.2.3', '-1', '-0.5', '0.12345678901', '12345678901', '1e-7', '.5', '5.', ' 1', '1,5', 'NaN', 'Infinity', '+1', '0x10']) {
      expect(isDecimal(bad), bad).toBe(false);
    }
  });
});

describe('sumDecimals', () => {
  it('adds costs exactly where floats would not, and skips unknown ones', () => {
    // 0.1 + 0.2 is 0.30000000000000004 in floats; ten thousand 1e-10 make exactly 1e-6.
    expect(sumDecimals(['0.1000000000', '0.2000000000'])).toBe('0.3000000000');
    expect(sumDecimals(Array.from({ length: 10_000 }, () => '0.0000000001'))).toBe('0.0000010000');
    expect(sumDecimals(['1.5', null, undefined, '2.25'])).toBe('3.7500000000');
  });

  it('is null when no cost is known, not zero', () => {
    expect(sumDecimals([])).toBeNull();
    expect(sumDecimals([null, undefined])).toBeNull();
  });
});
