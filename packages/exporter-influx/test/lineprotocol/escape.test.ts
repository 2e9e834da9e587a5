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

  it('field keys: a backslash before an escaped character, which influxd cannot store, becomes _', () => {
    expect(escapeFieldKey('a,b c=d')).toBe('a\\,b\\ c\\=d');
    expect(escapeFieldKey('a\\ x')).toBe('a_\\ x');
    expect(escapeFieldKey('a\\\\,x')).toBe('a__\\,x');
    expect(escapeFieldKey('q\\"x')).toBe('q_"x');
    expect(escapeFieldKey('b\\y')).toBe('b\\y');
    expect(escapeFieldKey('f\\')).toBe('f_');
    expect(escapeFieldKey('plain_key')).toBe('plain_key');
  });

  it('measurements: a backslash before a comma, space, = or quote becomes _ (influxd would merge the name with another)', () => {
    expect(escapeMeasurement('a\\,b')).toBe('a_\\,b');
    expect(escapeMeasurement('a\\ b')).toBe('a_\\ b');
    expect(escapeMeasurement('a\\=b')).toBe('a_=b');
    expect(escapeMeasurement('a\\"b')).toBe('a_"b');
    expect(escapeMeasurement('a\\\\,b')).toBe('a__\\,b');
    expect(escapeMeasurement('a\\b\\\\c')).toBe('a\\b\\\\c');
  });

  it('tags keep a backslash before an escaped character (influxd stores it faithfully)', () => {
    expect(escapeTag('x\\,y')).toBe('x\\\\,y');
    expect(escapeTag('a\\ b=c')).toBe('a\\\\ b\\=c');
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

  it('writes a trailing backslash, which would escape the separator, as _', () => {
    expect(escapeTag('path\\')).toBe('path_');
    expect(escapeTag('C:\\dir\\', 'path')).toBe('C:\\dir_');
    expect(escapeMeasurement('m\\\\')).toBe('m__');
    expect(escapeTag('a\\b')).toBe('a\\b');
  });
});
