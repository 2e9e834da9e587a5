import type { TaggedHistogramValue } from '../data/types';
import { attributesKey } from '../data/attributesKey';
import { OVERFLOW_ATTRIBUTES } from '../storage/SeriesTable';
import { countDelta } from './counts';
import type { AggregationKind } from './types';

type TagSet = TaggedHistogramValue['tagSets'][number];

/** Tag sets are matched by their tags regardless of key order; counts add. Tag sets keep first-seen order. */
export function mergeTaggedHistogramValues(inputs: readonly TaggedHistogramValue[]): TaggedHistogramValue {
  let total = 0;
  let overflow = 0;
  const byKey = new Map<string, { tags: TagSet['tags']; count: number }>();
  for (const v of inputs) {
    total += v.total;
    overflow += v.overflow;
    for (const tagSet of v.tagSets) {
      const key = attributesKey(tagSet.tags);
      const found = byKey.get(key);
      if (found) found.count += tagSet.count;
      else byKey.set(key, { tags: tagSet.tags, count: tagSet.count });
    }
  }
  return { total, overflow, tagSets: [...byKey.values()] };
}

/**
 * Every count becomes a delta. Tag sets are matched by identity first (the
 * same series table hands out the same frozen attributes), then by key; a
 * new tag set's delta is its count.
 */
function diffTaggedHistogramValues(previous: TaggedHistogramValue, current: TaggedHistogramValue): TaggedHistogramValue {
  const before = new Map<TagSet['tags'], number>();
  let byKey: Map<string, number> | undefined;
  for (const t of previous.tagSets) before.set(t.tags, t.count);
  const tagSets = current.tagSets.map((t): TagSet => {
    let count = before.get(t.tags);
    if (count === undefined) {
      byKey ??= new Map(previous.tagSets.map((p) => [attributesKey(p.tags), p.count]));
      count = byKey.get(attributesKey(t.tags)) ?? 0;
    }
    return { tags: t.tags, count: countDelta(count, t.count) };
  });
  return {
    total: countDelta(previous.total, current.total),
    overflow: countDelta(previous.overflow, current.overflow),
    tagSets,
  };
}

/**
 * Tagged histogram (lws_metrics): a count per tag set, up to `maxTagSets`,
 * then an overflow count. Its one point's tag sets are the series.
 *
 * - standard: `N` monotonic SUM, one point per tag set plus the overflow
 *   point (`otel.metric.overflow: true`) when it counted anything.
 * - families: `N` counter, one sample per tag set plus
 *   `otel_metric_overflow="true"` when the overflow counted anything.
 * - fields: one line per tag set (its tags, field `count`), then the
 *   series line with `total` and `overflow`.
 */
export const taggedHistogramKind: AggregationKind<'tagged_histogram'> = {
  kind: 'tagged_histogram',
  standard: [
    {
      suffix: '',
      type: 'sum',
      monotonic: true,
      points(v, sink) {
        for (const t of v.tagSets) sink.tagged(t.tags, t.count);
        if (v.overflow > 0) sink.tagged(OVERFLOW_ATTRIBUTES, v.overflow);
      },
    },
  ],
  families: {
    unit: 'instrument',
    families: [
      {
        suffix: '',
        type: 'counter',
        help: '',
        label: 'otel_metric_overflow',
        samples(v, sink) {
          for (const t of v.tagSets) sink.tagSet(t.tags, t.count);
          if (v.overflow > 0) sink.sample(v.overflow, 'true');
        },
      },
    ],
  },
  fields: {
    write(v, out) {
      out.add('total', v.total);
      out.add('overflow', v.overflow);
    },
    tagSets: (v) => v.tagSets,
  },
  merge: mergeTaggedHistogramValues,
  diff: diffTaggedHistogramValues,
  // Every field is a count.
  totals: (v) => v,
  addTotals: (v, totals) => mergeTaggedHistogramValues([v, totals]),
};
