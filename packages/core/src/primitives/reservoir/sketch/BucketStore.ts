const EMPTY = new Float64Array(0);
/** First allocation: 16 x 8 B (values within a factor ~1.4 at 1 %). It doubles
 * as the values' range requires: a few copies once per series, amortized. */
const INITIAL_BUCKETS = 16;

/**
 * Counts per integer bucket index in a dense typed array that grows (by
 * doubling, never beyond `maxBuckets`) to span the indices seen. When the
 * indices seen span more than `maxBuckets`, the lowest buckets are collapsed
 * into the lowest kept one (as DDSketch's CollapsingLowestDenseStore): for a
 * 1 % sketch that takes values spread over a ratio above ~1e17. Steady state
 * allocates nothing; `clear()` keeps the array.
 */
export class BucketStore {
  counts: Float64Array = EMPTY;
  /** Bucket index of counts[0]. */
  offset = 0;
  /** True once collapsing happened: indices below `offset` land in counts[0]. */
  private collapsed = false;

  constructor(private readonly maxBuckets: number) {}

  add(index: number, n: number): void {
    const j = index - this.offset;
    if (j >= 0 && j < this.counts.length) this.counts[j] += n;
    else {
      const k = this.grow(index); // before reading this.counts: grow() replaces it
      this.counts[k] += n;
    }
  }

  clear(): void {
    this.counts.fill(0);
    this.collapsed = false;
  }

  /** Calls fn(index, count) for every non-empty bucket, ascending index. */
  forEach(fn: (index: number, count: number) => void): void {
    const c = this.counts;
    for (let j = 0; j < c.length; j++) if (c[j] !== 0) fn(j + this.offset, c[j]);
  }

  /** Number of bucket slots allocated (memory = 8 bytes each). */
  get capacity(): number {
    return this.counts.length;
  }

  /** Makes room for `index`; returns its position in `counts`. */
  private grow(index: number): number {
    const old = this.counts;
    const len = old.length;
    if (this.collapsed && index < this.offset) return 0;
    let first = -1;
    let last = -1;
    for (let j = 0; j < len; j++) {
      if (old[j] !== 0) {
        if (first < 0) first = j;
        last = j;
      }
    }
    const lo = first < 0 ? index : Math.min(first + this.offset, index);
    const hi = first < 0 ? index : Math.max(last + this.offset, index);
    const span = hi - lo + 1;
    let newLen = Math.max(len, INITIAL_BUCKETS);
    while (newLen < span && newLen < this.maxBuckets) newLen *= 2;
    newLen = Math.min(newLen, this.maxBuckets);
    let newOffset: number;
    if (span <= newLen) {
      newOffset = lo - ((newLen - span) >> 1); // centre: room to grow both ways
    } else {
      newOffset = hi - newLen + 1; // keep the highest buckets, collapse the lowest
      this.collapsed = true;
    }
    const counts = newLen === len ? old : new Float64Array(newLen);
    if (first >= 0) {
      if (counts === old) {
        // Same array: move the live range [first, last] to its new place.
        const live = old.slice(first, last + 1);
        old.fill(0);
        this.place(counts, live, first + this.offset, newOffset);
      } else {
        this.place(counts, old.subarray(first, last + 1), first + this.offset, newOffset);
      }
    }
    this.counts = counts;
    this.offset = newOffset;
    return Math.max(index, newOffset) - newOffset;
  }

  private place(target: Float64Array, live: Float64Array, liveStartIndex: number, newOffset: number): void {
    for (let k = 0; k < live.length; k++) {
      if (live[k] === 0) continue;
      const pos = Math.max(liveStartIndex + k, newOffset) - newOffset;
      target[pos] += live[k];
    }
  }
}
