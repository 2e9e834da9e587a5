import { formatFloat, formatTimestamp } from '../../src/lineprotocol/format';

describe('formatTimestamp', () => {
  const t: [number, number] = [1700000000, 5001002];
  it.each([
    ['ns', '1700000000005001002'],
    ['us', '1700000000005001'],
    ['ms', '1700000000005'],
    ['s', '1700000000'],
  ] as const)('%s', (precision, expected) => {
    expect(formatTimestamp(t, precision)).toBe(expected);
  });

  it('does not lose nanoseconds beyond 2^53', () => {
    expect(formatTimestamp([1700000000, 999999999], 'ns')).toBe('1700000000999999999');
  });
});

describe('formatFloat', () => {
  it('never writes the integer suffix, so the field type stays float', () => {
    for (const v of [1, 0, -5, 1e21, 1e-7, 0.1]) {
      const s = formatFloat(v);
      expect(s.endsWith('i')).toBe(false);
      expect(Number(s)).toBe(v);
    }
  });
});
