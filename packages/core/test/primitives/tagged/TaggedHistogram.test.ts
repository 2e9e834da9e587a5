import { TaggedHistogram } from '@meterwork/core';
import { captureDiag, EDGE_VALUES } from '../../util';

describe('TaggedHistogram', () => {
  it('counts per distinct tag set, independent of key order, plus a total', () => {
    const h = new TaggedHistogram();
    h.increment({ tls: 'expired', host: 'a' });
    h.increment({ host: 'a', tls: 'expired' }, 2);
    h.increment({ tls: 'invalidca' });
    h.increment({ status: 404 });
    h.increment({ status: '404' }); // a string is not the number
    expect(h.snapshot()).toEqual({
      total: 6,
      overflow: 0,
      tagSets: [
        { tags: { host: 'a', tls: 'expired' }, count: 3 },
        { tags: { tls: 'invalidca' }, count: 1 },
        { tags: { status: 404 }, count: 1 },
        { tags: { status: '404' }, count: 1 },
      ],
    });
  });

  it('tells apart tag sets with the same values under other keys and subsets', () => {
    const h = new TaggedHistogram();
    h.increment({ a: 'x', b: 'y' });
    h.increment({ a: 'y', b: 'x' });
    h.increment({ a: 'x' });
    h.increment({ a: 'x', b: 'y', c: undefined }); // undefined attributes are ignored
    h.increment({ arr: ['p', 'q'] });
    h.increment({ arr: ['p', 'q'] });
    const counts = h.snapshot().tagSets.map((t) => t.count);
    expect(counts).toEqual([2, 1, 1, 2]);
  });

  it('caps distinct tag sets and counts the rest as overflow', () => {
    const h = new TaggedHistogram({ maxTagSets: 2 });
    h.increment({ k: 'a' });
    h.increment({ k: 'b' });
    h.increment({ k: 'c' }, 5); // overflow
    h.increment({ k: 'a' }); // known: still counted
    const s = h.snapshot();
    expect(s.total).toBe(8);
    expect(s.overflow).toBe(5);
    expect(s.tagSets).toEqual([
      { tags: { k: 'a' }, count: 2 },
      { tags: { k: 'b' }, count: 1 },
    ]);
  });

  it('keeps its own copy of the tags', () => {
    const h = new TaggedHistogram();
    const tags: Record<string, string> = { k: 'a' };
    h.increment(tags);
    tags.k = 'b';
    h.increment(tags);
    expect(h.snapshot().tagSets).toEqual([
      { tags: { k: 'a' }, count: 1 },
      { tags: { k: 'b' }, count: 1 },
    ]);
  });

  it('handles many tag sets, whatever the key order', () => {
    const h = new TaggedHistogram({ maxTagSets: 5000 });
    for (let i = 0; i < 5000; i++) h.increment({ id: i, kind: i % 7 });
    for (let i = 0; i < 5000; i++) h.increment({ kind: i % 7, id: i });
    const s = h.snapshot();
    expect(s.tagSets).toHaveLength(5000);
    expect(s.tagSets.every((t) => t.count === 2)).toBe(true);
  });

  it('reset forgets tag sets', () => {
    const h = new TaggedHistogram({ maxTagSets: 1 });
    h.increment({ k: 'a' });
    h.increment({ k: 'b' });
    h.reset();
    h.increment({ k: 'b' });
    expect(h.snapshot()).toEqual({ total: 1, overflow: 0, tagSets: [{ tags: { k: 'b' }, count: 1 }] });
  });

  it('drops non-finite and negative increments and non-object tags with a warning', () => {
    const captured = captureDiag();
    try {
      const h = new TaggedHistogram();
      for (const v of EDGE_VALUES) h.increment({ k: 'a' }, v);
      h.increment(null as never);
      h.increment('k' as never);
      expect(h.snapshot().total).toBe(1);
      expect(captured.warn).toHaveBeenCalledTimes(1);
    } finally {
      captured.restore();
    }
  });

  it('never throws on attribute values that are not OTel attribute values: leaves them out with a warning', () => {
    const captured = captureDiag();
    try {
      const h = new TaggedHistogram();
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      expect(() => {
        h.increment({ big: 10n, k: 'a' } as never);
        h.increment({ obj: circular, k: 'a' } as never);
        h.increment({ k: 'a' });
      }).not.toThrow();
      expect(h.snapshot()).toEqual({ total: 3, overflow: 0, tagSets: [{ tags: { k: 'a' }, count: 3 }] });
      expect(String(captured.warn.mock.calls[0][0])).toContain('attribute "big" is not a valid attribute value');
    } finally {
      captured.restore();
    }
  });

  it('warns once per period when tag sets start going to overflow', () => {
    const captured = captureDiag();
    try {
      const h = new TaggedHistogram({ maxTagSets: 1 });
      h.increment({ k: 'a' });
      expect(captured.warn).not.toHaveBeenCalled();
      for (let i = 0; i < 10; i++) h.increment({ k: `x${i}` });
      expect(h.snapshot().overflow).toBe(10);
      expect(captured.warn).toHaveBeenCalledTimes(1);
      expect(String(captured.warn.mock.calls[0][0])).toContain('more than maxTagSets (1) tag sets');
      h.reset();
      h.increment({ k: 'a' });
      h.increment({ k: 'b' });
      expect(captured.warn).toHaveBeenCalledTimes(2);
    } finally {
      captured.restore();
    }
  });

  it('rejects maxTagSets < 1', () => {
    expect(() => new TaggedHistogram({ maxTagSets: 0 })).toThrow(/"maxTagSets"/);
  });
});
