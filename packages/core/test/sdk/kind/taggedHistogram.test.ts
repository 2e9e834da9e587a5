import { kindOf } from '@meterwork/core/internal';
import { taggedHistogramKind } from '../../../src/sdk/kind/taggedHistogram';
import { fieldsOf, samplesOf } from './values';

describe('tagged histogram kind', () => {
  it('is what kindOf("tagged_histogram") returns', () => {
    expect(kindOf('tagged_histogram')).toBe(taggedHistogramKind);
  });

  it('merge: tag sets matched regardless of key order, counts add', () => {
    const merged = taggedHistogramKind.merge(
      [
        { total: 5, overflow: 1, tagSets: [{ tags: { a: '1', b: '2' }, count: 4 }] },
        {
          total: 3,
          overflow: 0,
          tagSets: [
            { tags: { b: '2', a: '1' }, count: 2 },
            { tags: { a: '3' }, count: 1 },
          ],
        },
      ],
      'h',
    );
    expect(merged.total).toBe(8);
    expect(merged.overflow).toBe(1);
    expect(merged.tagSets).toEqual([
      { tags: { a: '1', b: '2' }, count: 6 },
      { tags: { a: '3' }, count: 1 },
    ]);
  });

  it('diff: each tag set, the total and the overflow become deltas; a new tag set counts whole', () => {
    const same = { a: '1' };
    const delta = taggedHistogramKind.diff(
      {
        total: 6,
        overflow: 1,
        tagSets: [
          { tags: same, count: 4 },
          { tags: { b: '1', c: '2' }, count: 1 },
        ],
      },
      {
        total: 12,
        overflow: 3,
        tagSets: [
          { tags: same, count: 5 },
          { tags: { c: '2', b: '1' }, count: 3 },
          { tags: { d: 'x' }, count: 1 },
        ],
      },
    );
    expect(delta).toEqual({
      total: 6,
      overflow: 2,
      tagSets: [
        { tags: same, count: 1 },
        { tags: { c: '2', b: '1' }, count: 2 },
        { tags: { d: 'x' }, count: 1 },
      ],
    });
  });

  it('families: one counter sample per tag set, then the overflow', () => {
    const family = taggedHistogramKind.families.families[0]!;
    expect([family.suffix, family.type, family.label]).toEqual(['', 'counter', 'otel_metric_overflow']);
    expect(samplesOf(family, { total: 7, overflow: 2, tagSets: [{ tags: { k: 'v' }, count: 5 }] })).toEqual([
      [{ k: 'v' }, 5],
      ['otel_metric_overflow=true', 2],
    ]);
    expect(samplesOf(family, { total: 5, overflow: 0, tagSets: [{ tags: { k: 'v' }, count: 5 }] })).toHaveLength(1);
  });

  it('fields: total and overflow on the series line, tag sets apart', () => {
    const v = { total: 7, overflow: 2, tagSets: [{ tags: { k: 'v' }, count: 5 }] };
    expect(fieldsOf((out) => taggedHistogramKind.fields.write(v, out))).toEqual([
      ['total', 7],
      ['overflow', 2],
    ]);
    expect(taggedHistogramKind.fields.tagSets!(v)).toBe(v.tagSets);
  });

  it('totals is the value (all counts); addTotals adds tag sets by their tags', () => {
    const v = { total: 5, overflow: 1, tagSets: [{ tags: { a: '1' }, count: 4 }] };
    expect(taggedHistogramKind.totals(v)).toBe(v);
    expect(taggedHistogramKind.addTotals(v, { total: 2, overflow: 0, tagSets: [{ tags: { a: '1' }, count: 2 }] })).toEqual({
      total: 7,
      overflow: 1,
      tagSets: [{ tags: { a: '1' }, count: 6 }],
    });
  });
});
