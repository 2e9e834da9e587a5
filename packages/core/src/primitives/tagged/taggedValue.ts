import type { TaggedHistogramValue } from '../../sdk/data/types';
import { OVERFLOW_ATTRIBUTES, type SeriesEntry } from '../../sdk/storage/SeriesTable';
import type { Cell } from '../../sdk/aggregator/types';

/**
 * The tagged histogram value of a series table of counts: a count per tag
 * set (in order of first appearance), the overflow series' count and the
 * total of both. Shared by {@link TaggedHistogram} and the
 * `tagged_histogram` view aggregation.
 */
export function taggedValue(entries: ReadonlyArray<SeriesEntry<Cell>>): TaggedHistogramValue {
  let total = 0;
  let overflow = 0;
  const tagSets: Array<{ tags: SeriesEntry<Cell>['attributes']; count: number }> = [];
  for (const e of entries) {
    const count = e.series.read(false) as number;
    total += count;
    if (e.attributes === OVERFLOW_ATTRIBUTES) overflow += count;
    else tagSets.push({ tags: e.attributes, count });
  }
  return { total, overflow, tagSets };
}
