import { boundKey, plainDecimal, quantileKey } from '../../src/schema/lineText';

describe('bucket bound and quantile keys', () => {
  it.each([
    [0.25, '0.25'],
    [10, '10'],
    [-2.5, '-2.5'],
    [0, '0'],
    [1e-7, '0.0000001'],
    [1.25e-7, '0.000000125'],
    [-5e-7, '-0.0000005'],
    [1e21, '1000000000000000000000'],
    [1.5e22, '15000000000000000000000'],
    [-1.2345e25, '-12345000000000000000000000'],
  ])('%p -> %s, as the Collector writes it (no exponent)', (x, text) => {
    expect(plainDecimal(x)).toBe(text);
    expect(Number(plainDecimal(x))).toBe(x);
  });

  it('names the last bucket +Inf and keeps small quantiles exact', () => {
    expect(boundKey(Infinity)).toBe('+Inf');
    expect(boundKey(1e-9)).toBe('0.000000001');
    expect(quantileKey(0.999)).toBe('0.999');
    expect(quantileKey(1e-7)).toBe('0.0000001');
  });
});
