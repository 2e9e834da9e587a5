import { parseLineProtocol } from '../../src/receiver/lineProtocol';

describe('parseLineProtocol', () => {
  it('reads measurement, unescaped tags, a sorted series key and string fields', () => {
    const r = parseLineProtocol('cpu\\ load,b=2,a=x\\ y\\,z\\=w value=1,note="say \\"hi\\" 10.0.0.1",n=2i 1700000000\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.lines).toHaveLength(1);
    const line = r.lines[0]!;
    expect(line.measurement).toBe('cpu load');
    expect(line.tags).toEqual([
      ['b', '2'],
      ['a', 'x y,z=w'],
    ]);
    expect(line.seriesKey).toBe('cpu load\0a=x y,z=w\0b=2');
    expect(line.stringFields).toEqual(['say "hi" 10.0.0.1']);
  });

  it('gives the same series key whatever the tag order', () => {
    const r = parseLineProtocol('m,a=1,b=2 v=1\nm,b=2,a=1 v=2\nm,a=1 v=3');
    expect(r.ok && r.lines.map((l) => l.seriesKey)).toEqual(['m\0a=1\0b=2', 'm\0a=1\0b=2', 'm\0a=1']);
  });

  it('skips blank lines, comments and CRLF endings', () => {
    const r = parseLineProtocol('# header\r\n\r\nm v=1\r\n   \nm2 v=2');
    expect(r.ok && r.lines.map((l) => l.measurement)).toEqual(['m', 'm2']);
  });

  it.each([
    ['m', 'missing fields'],
    [',a=1 v=1', 'missing measurement'],
    ['m,a v=1', 'malformed tag'],
    ['m,a= v=1', 'empty value of tag'],
    ['m v', 'malformed field'],
    ['m s="open', 'unterminated string field'],
  ])('refuses %j with the line number', (text, message) => {
    const r = parseLineProtocol('ok v=1\n' + text);
    expect(r).toMatchObject({ ok: false, lineNumber: 2 });
    if (!r.ok) expect(r.message).toContain(message);
  });
});
