import { diag, type Attributes } from '@opentelemetry/api';
import type { TaggedHistogramValue } from '../../sdk/data/types';
import { SeriesTable } from '../../sdk/storage/SeriesTable';
import { CountCell } from '../../sdk/aggregator/SummaryCell';
import { DropWarner, positiveIntegerOption } from '../../validate';
import { taggedValue } from './taggedValue';

export interface TaggedHistogramOptions {
  /** Distinct tag sets counted; later new tag sets go to `overflow`. @default 100 */
  readonly maxTagSets?: number | undefined;
}

/**
 * lws_metrics' histogram tagging: a count per distinct tag set (e.g. the
 * kind of a connection failure) plus a total, capped at `maxTagSets` with an
 * overflow count.
 *
 * The tag sets live in the same per-attribute-set table as the OTel
 * `tagged_histogram` view aggregation (`SeriesTable`): tag sets are
 * equal when they have the same keys and values, whatever the insertion
 * order; a tag set seen before costs a walk of a trie of `Map`s, no
 * allocation. Attributes whose value is `undefined` are ignored; values that
 * are not OTel attribute values (objects, bigints...) are left out of the tag
 * set with a `diag.warn`. The first tag set past the cap is reported with a
 * `diag.warn` too (once per period).
 */
export class TaggedHistogram {
  private readonly maxTagSets: number;
  private table: SeriesTable<CountCell>;
  private overflowWarned = false;
  private readonly warner = new DropWarner('TaggedHistogram');
  private readonly attributeWarner = new DropWarner('TaggedHistogram');

  constructor(options: TaggedHistogramOptions = {}) {
    this.maxTagSets = positiveIntegerOption('TaggedHistogram', 'maxTagSets', options.maxTagSets, 100);
    this.table = this.newTable();
  }

  /** Adds `n` (finite, >= 0) to the count of `tags`. */
  increment(tags: Attributes, n = 1): void {
    if (!Number.isFinite(n)) return this.warner.drop('not a finite number', n);
    if (n < 0) return this.warner.drop('negative increment', n);
    if (tags === null || typeof tags !== 'object') return this.warner.drop('tags must be an object', tags);
    this.table.lookup(tags).record(n);
  }

  /** Tag sets in order of first appearance. */
  snapshot(): TaggedHistogramValue {
    return taggedValue(this.table.entries());
  }

  /** Forgets every tag set (the cap counts from zero again). */
  reset(): void {
    this.table = this.newTable();
    this.overflowWarned = false;
  }

  private newTable(): SeriesTable<CountCell> {
    return new SeriesTable(() => new CountCell(), {
      cardinalityLimit: this.maxTagSets + 1, // the table's limit counts the overflow series
      onInvalidAttribute: (key, value) => this.attributeWarner.drop(`attribute "${key}" is not a valid attribute value, left out of the tag set`, value),
      onOverflow: () => {
        if (this.overflowWarned) return;
        this.overflowWarned = true;
        diag.warn(`TaggedHistogram: more than maxTagSets (${this.maxTagSets}) tag sets: new ones are counted in overflow`);
      },
    });
  }
}
