import { base32Decode, base32Encode } from '../../src';

describe('base32 (RFC 4648, no padding)', () => {
  // RFC 4648 section 10 test vectors, padding removed.
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('%j <-> %s', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(base32Decode(encoded)?.toString()).toBe(plain);
    expect(base32Decode(encoded.toLowerCase())?.toString()).toBe(plain);
  });

  it('round-trips 32-byte keys (56 characters, as in tor .auth files)', () => {
    const key = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 255));
    const text = base32Encode(key);
    expect(text).toHaveLength(52);
    expect(base32Decode(text)).toEqual(key);
  });

  it('refuses characters outside the alphabet, padding and non-zero trailing bits', () => {
    expect(base32Decode('MZXW6===')).toBeUndefined();
    expect(base32Decode('MZ1W6')).toBeUndefined();
    expect(base32Decode('MZ')).toBeUndefined(); // 'Z' leaves non-zero bits after the one byte
    expect(base32Decode('M')).toBeUndefined(); // 5 bits: not a whole byte
  });
});
