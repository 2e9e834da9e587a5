import { escapeMeasurement, escapeStringField, escapeTag } from '../../src/lineprotocol/escape';

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

  it('escapes quotes and backslashes in string field values', () => {
    expect(escapeStringField('say "hi" \\o/')).toBe('say \\"hi\\" \\\\o/');
  });

  it.each([
    ['measurement', escapeMeasurement],
    ['tag', escapeTag],
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
