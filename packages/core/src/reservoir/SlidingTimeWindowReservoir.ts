import { coarseClock, type Clock } from '../clock';
import { UniformSnapshot } from '../snapshot/UniformSnapshot';
import type { Snapshot } from '../snapshot/types';
import { DropWarner, functionOption, positiveIntegerOption, positiveNumberOption } from '../validate';
import type { Reservoir } from './types';

export interface SlidingTimeWindowReservoirOptions {
  /** Values recorded in the last `windowMillis` are kept. */
  windowMillis: number;
  /**
   * At most this many values are held (16 bytes each); beyond it the oldest
   * are dropped, counted in `snapshot().dropped` (since creation or the
   * last `reset()`) and reported with a rate-limited `diag.warn`. Values
   * already expired are trimmed first, never counted as dropped. @default 100000
   */
  readonly maxSamples?: number | undefined;
  /** @default coarseClock (shared 10 ms ticker: no clock read per value) */
  readonly clock?: Clock | undefined;
}

/** Values per chunk: 512 x 16 B = 8 KB, as Dropwizard's array-based window. */
const CHUNK_SIZE = 512;
/** Expired chunks kept for reuse, so steady state allocates nothing. */
const POOL_MAX = 8;

interface Chunk {
  readonly values: Float64Array;
  readonly times: Float64Array;
  /** First live index. */
  head: number;
  /** Next write index. */
  tail: number;
}

/**
 * Exactly the values recorded in the last `windowMillis` (a value recorded at
 * t is in the window while `now - t < windowMillis`), held in chunks of typed
 * arrays with a pool of expired chunks (near garbage-free). Each value is
 * stamped with the coarse clock, a variable read, not a clock read. Memory is
 * bounded by `maxSamples`: at high rates use {@link BoundedTimeWindowReservoir}.
 * Expired values are trimmed when a chunk fills and on `snapshot()`.
 */
export class SlidingTimeWindowReservoir implements Reservoir {
  private readonly windowMillis: number;
  private readonly maxSamples: number;
  private readonly clock: Clock;
  private readonly chunks: Chunk[] = [];
  private readonly pool: Chunk[] = [];
  private held = 0;
  private updates = 0;
  private droppedSamples = 0;
  private readonly warner = new DropWarner('SlidingTimeWindowReservoir');
  /** Own counter for `maxSamples` drops: a NaN storm must not hide them. */
  private readonly fullWarner = new DropWarner('SlidingTimeWindowReservoir');
  private readonly fullReason: string;

  constructor(options: SlidingTimeWindowReservoirOptions) {
    const owner = 'SlidingTimeWindowReservoir';
    if (options?.windowMillis === undefined) throw new RangeError(`${owner}: option "windowMillis" is required`);
    this.windowMillis = positiveNumberOption(owner, 'windowMillis', options.windowMillis, 0);
    this.maxSamples = positiveIntegerOption(owner, 'maxSamples', options.maxSamples, 100_000);
    this.fullReason = `the window holds more than maxSamples (${this.maxSamples}) values, the oldest is dropped`;
    this.clock = functionOption(owner, 'clock', options.clock, coarseClock);
    this.chunks.push(this.newChunk());
  }

  get count(): number {
    return this.updates;
  }

  /** Values held now, before trimming expired ones (bounded by `maxSamples`). */
  get retained(): number {
    return this.held;
  }

  /** Chunks allocated now (live + pooled), for memory checks. */
  get allocatedChunks(): number {
    return this.chunks.length + this.pool.length;
  }

  update(value: number): void {
    if (!Number.isFinite(value)) return this.warner.drop('not a finite number', value);
    const now = this.clock();
    let chunk = this.chunks[this.chunks.length - 1];
    if (chunk.tail === CHUNK_SIZE) chunk = this.appendChunk(now);
    chunk.values[chunk.tail] = value;
    chunk.times[chunk.tail] = now;
    chunk.tail++;
    this.updates++;
    if (++this.held > this.maxSamples) {
      // Expired values still held (trimming waits for a full chunk) are not drops.
      const oldest = this.chunks[0];
      if (oldest.times[oldest.head] <= now - this.windowMillis) this.trim(now);
      if (this.held > this.maxSamples) this.dropOldest();
    }
  }

  snapshot(): Snapshot {
    this.trim(this.clock());
    const out = new Float64Array(this.held);
    let k = 0;
    for (const c of this.chunks) {
      out.set(c.values.subarray(c.head, c.tail), k);
      k += c.tail - c.head;
    }
    return new UniformSnapshot(out, this.droppedSamples);
  }

  reset(): void {
    while (this.chunks.length > 1) this.recycle(this.chunks.shift()!);
    const c = this.chunks[0];
    c.head = c.tail = 0;
    this.held = 0;
    this.updates = 0;
    this.droppedSamples = 0;
  }

  private appendChunk(now: number): Chunk {
    this.trim(now);
    const c = this.pool.pop() ?? this.newChunk();
    c.head = c.tail = 0;
    this.chunks.push(c);
    return c;
  }

  private newChunk(): Chunk {
    return { values: new Float64Array(CHUNK_SIZE), times: new Float64Array(CHUNK_SIZE), head: 0, tail: 0 };
  }

  private recycle(c: Chunk): void {
    if (this.pool.length < POOL_MAX) this.pool.push(c);
  }

  /** Removes the first chunk once empty, keeping at least one (the write chunk). */
  private removeHeadIfEmpty(c: Chunk): boolean {
    if (c.head < c.tail) return false;
    if (this.chunks.length > 1) this.recycle(this.chunks.shift()!);
    else c.head = c.tail = 0;
    return true;
  }

  private dropOldest(): void {
    const c = this.chunks[0];
    this.fullWarner.drop(this.fullReason, c.values[c.head]);
    c.head++;
    this.held--;
    this.droppedSamples++;
    this.removeHeadIfEmpty(c);
  }

  private trim(now: number): void {
    const cutoff = now - this.windowMillis; // values with time <= cutoff are out
    while (this.held > 0) {
      const c = this.chunks[0];
      if (c.times[c.tail - 1] <= cutoff) {
        this.held -= c.tail - c.head;
        c.head = c.tail;
        this.removeHeadIfEmpty(c);
        continue;
      }
      // Times are non-decreasing within a chunk: first index with time > cutoff.
      let lo = c.head;
      let hi = c.tail - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (c.times[mid] > cutoff) hi = mid;
        else lo = mid + 1;
      }
      this.held -= lo - c.head;
      c.head = lo;
      return;
    }
  }
}
