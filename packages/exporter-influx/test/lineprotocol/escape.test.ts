import { escapeFieldKey, escapeMeasurement, escapeStringField, escapeTag } from '../../src/lineprotocol/escape';

describe('line protocol escaping', () => {
  it('returns plain names unchanged', () => {
    expect(escapeMeasurement('http.server.duration')).toBe('http.server.duration');
    expect(escapeTag('service.name')).toBe('service.name');
  });

  it('escapes commas and spaces in measurements, not equals signs', () => {
    expect(escapeMeasurement('a,b c=d')).toBe('a\\,b\\ c=d');
  });

  it('escapes commas, equals signs and spaces in tags and field keys', () => {
    expect(escapeTag('a,b c=d')).toBe('a\\,b\\ c\\=d');
  });

  it('field keys: doubles a run of backslashes before an escaped character, so the key cannot end early', () => {
    expect(escapeFieldKey('a,b c=d')).toBe('a\\,b\\ c\\=d');
    expect(escapeFieldKey('a\\ x')).toBe('a\\\\\\ x');
    expect(escapeFieldKey('a\\\\,x')).toBe('a\\\\\\\\\\,x');
    expect(escapeFieldKey('b\\y')).toBe('b\\y');
    expect(escapeFieldKey('f\\')).toBe('f');
    expect(escapeFieldKey('plain_key')).toBe('plain_key');
  });

  it('escapes quotes and backslashes in string field values', () => {
    expect(escapeStringField('say "hi" \\o/')).toBe('say \\"hi\\" \\\\o/');
  });

  it.each([
    ['measurement', escapeMeasurement],
    ['tag', escapeTag],
    ['field key', escapeFieldKey],
    ['string field', escapeStringField],
  ])('replaces newlines so a %s cannot break the line', (_what, escape) => {
    const out = escape('line1\nline2\r\nline3');
    expect(out).not.toMatch(/[\n\r]/);
    expect(out).toContain('line1');
    expect(out).toContain('line3');
  });

  it('removes a trailing backslash that would escape the separator', () => {
    expect(escapeTag('path\\')).toBe('path');
    expect(escapeMeasurement('m\\\\')).toBe('m');
    expect(escapeTag('a\\b')).toBe('a\\b');
  });
});
