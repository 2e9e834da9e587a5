import { OVERFLOW_ATTRIBUTES, SeriesTable } from '../../../src/sdk/storage/SeriesTable';

function table(options: Partial<ConstructorParameters<typeof SeriesTable>[1]> = {}) {
  let created = 0;
  const t = new SeriesTable(() => ({ id: created++ }), { cardinalityLimit: 2000, ...options });
  return { t, created: () => created };
}

describe('SeriesTable', () => {
  it('finds one series per attribute set whatever the key order and object identity', () => {
    const { t, created } = table();
    const a = t.lookup({ method: 'GET', status: 200, tls: true });
    expect(t.lookup({ status: 200, tls: true, method: 'GET' })).toBe(a);
    expect(t.lookup({ tls: true, method: 'GET', status: 200 })).toBe(a);
    expect(t.lookup({ method: 'GET', status: 200, tls: true })).toBe(a);
    expect(t.lookup({ method: 'GET', status: 500, tls: true })).not.toBe(a);
    expect(created()).toBe(2);
    expect(t.entries().map((e) => e.attributes)).toEqual([
      { method: 'GET', status: 200, tls: true },
      { method: 'GET', status: 500, tls: true },
    ]);
  });

  it('distinguishes value types and prefixes', () => {
    const { t } = table();
    const s1 = t.lookup({ a: 1 });
    expect(t.lookup({ a: '1' })).not.toBe(s1);
    const ab = t.lookup({ a: 1, b: 2 });
    expect(ab).not.toBe(s1);
    expect(t.lookup({ a: 1 })).toBe(s1);
    expect(t.lookup(undefined)).toBe(t.lookup({}));
    expect(t.lookup({ a: 1, b: undefined })).toBe(s1); // undefined values are ignored
    expect(t.size).toBe(4);
  });

  it('keys array values by content and keeps its own copy', () => {
    const { t } = table();
    const arr = ['x', 'y'];
    const s = t.lookup({ tags: arr });
    expect(t.lookup({ tags: ['x', 'y'] })).toBe(s);
    arr.push('z');
    expect(t.entries()[0]!.attributes).toEqual({ tags: ['x', 'y'] });
  });

  it('keeps only attributeKeys in the key', () => {
    const { t } = table({ attributeKeys: ['route'] });
    const s = t.lookup({ route: '/a', user: 'u1' });
    expect(t.lookup({ user: 'u2', route: '/a' })).toBe(s);
    expect(t.entries()[0]!.attributes).toEqual({ route: '/a' });
  });

  it('leaves flagKey out of the key and reports it in `flagged`', () => {
    const { t } = table({ flagKey: 'error.type' });
    const s = t.lookup({ route: '/a' });
    expect(t.flagged).toBe(false);
    expect(t.lookup({ route: '/a', 'error.type': '500' })).toBe(s);
    expect(t.flagged).toBe(true);
    expect(t.lookup({ 'error.type': 'timeout', route: '/a' })).toBe(s);
    expect(t.flagged).toBe(true);
    expect(t.lookup({ route: '/a' })).toBe(s);
    expect(t.flagged).toBe(false);
    expect(t.size).toBe(1);
  });

  it('sends new attribute sets beyond the cardinality limit to one overflow series (limit includes it)', () => {
    const { t } = table({ cardinalityLimit: 3 });
    const s0 = t.lookup({ i: 0 });
    const s1 = t.lookup({ i: 1 });
    const over = t.lookup({ i: 2 });
    expect(t.lookup({ i: 3 })).toBe(over);
    expect(over).not.toBe(s0);
    expect(over).not.toBe(s1);
    expect(t.lookup({ i: 1 })).toBe(s1); // existing series still found
    const entries = t.entries();
    expect(entries).toHaveLength(3);
    expect(entries[2]!.attributes).toBe(OVERFLOW_ATTRIBUTES);
    expect(entries[2]!.attributes).toEqual({ 'otel.metric.overflow': true });
  });

  it('stamps each series with its creation time', () => {
    const { t } = table();
    const before = Date.now();
    t.lookup({ a: 1 });
    const [sec, nanos] = t.entries()[0]!.startTime;
    const millis = sec * 1000 + nanos / 1e6;
    expect(millis).toBeGreaterThanOrEqual(before - 1);
    expect(millis).toBeLessThanOrEqual(Date.now() + 1);
  });
});
