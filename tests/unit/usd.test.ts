import { describe, expect, it } from 'vitest';
import { formatPrice, formatUsd } from '@/components/console/usd';

describe('showing money from exact decimal strings', () => {
  it.each([
    ['0.0000198000', '$0.0000198'],
    ['0.0001234567', '$0.000123457'],
    ['0.0000004999', '$0.0000004999'],
    ['0.9999999999', '$1'],
    ['12.5000000000', '$12.5'],
    ['1234.5678912345', '$1,234.57'],
    ['0.0000000000', '$0'],
  ])('a cost of %s USD shows as %s', (decimal, shown) => {
    expect(formatUsd(decimal)).toBe(shown);
  });

  it.each([
    ['2.5000000000', '$2.50'],
    ['0.0750000000', '$0.075'],
    ['15', '$15.00'],
    ['1000.1234567890', '$1,000.123456789'],
  ])('a price of %s USD per million tokens shows as %s, exactly', (decimal, shown) => {
    expect(formatPrice(decimal)).toBe(shown);
  });

  it('shows anything that is not a decimal as it came', () => {
    expect(formatUsd('n/a')).toBe('n/a');
  });
});
