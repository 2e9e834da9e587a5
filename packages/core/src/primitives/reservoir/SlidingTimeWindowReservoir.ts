import { InvalidOptionError } from '../../options/errors';
import { coarseClock, type Clock } from '../../clock';
import { UniformSnapshot } from '../snapshot/UniformSnapshot';
import type { Snapshot } from '../snapshot/types';
import { DropWarner, functionOption, positiveIntegerOption, positiveNumberOption } from '../../validate';
import type { SampleBudget } from './SampleBudget';
import type { Reservoir } from './types';

export interface SlidingTimeWindowReservoirOptions {
  /** Values recorded in the last `windowMillis` are kept. */
  readonly windowMillis: number;
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

/** Values the first allocation holds: 4 x 16 B = 64 B, small enough for V8 to keep the array on its heap. */
const INITIAL_CAPACITY = 4;
const EMPTY = new Float64Array(0);

/**
 * Exactly the values recorded in the last `windowMillis` (a value recorded at
 * t is in the window while `now - t < windowMillis`), in one ring of
 * (value, time) pairs in a typed array. The ring is allocated on the first
 * value, starts small (4 values) and doubles when full after trimming
 * expired values, up to `maxSamples`; a snapshot that finds it at most a
 * quarter full halves it again. So a series holding a few values costs a few
 * hundred bytes, and steady state allocates nothing (growth is amortized).
 * Each value is stamped with the coarse clock, a variable read, not a clock
 * read. Memory is bounded by `maxSamples`, and by the instrument's `budget`
 * when given: at high rates use {@link BoundedTimeWindowReservoir}.
 */
export class SlidingTimeWindowReservoir implements Reservoir {
  private readonly windowMillis: number;
  private readonly maxSamples: number;
  private readonly clock: Clock;
  private readonly budget: SampleBudget | undefined;
  /** Ring of pairs: ring[2i] value, ring[2i + 1] time; capacity a power of two. */
  private ring: Float64Array = EMPTY;
  private mask = -1;
  /** Values held before the record path must look: min(capacity, maxSamples). */
  private room = 0;
  private head = 0;
  private held = 0;
  private updates = 0;
  private droppedSamples = 0;
  /** Made on the first drop: most series never drop anything. */
  private warner: DropWarner | undefined;
  /** Own counter for `maxSamples` drops: a NaN storm must not hide them. */
  private fullWarner: DropWarner | undefined;
  private fullReason: string | undefined;

  /**
   * @param options - see {@link SlidingTimeWindowReservoirOptions}
   * @param budget - for meterwork's views only: values held together by the
   *   windows of one instrument's series (`maxSamplesPerInstrument`)
   */
  constructor(options: SlidingTimeWindowReservoirOptions, budget?: SampleBudget) {
    const owner = 'SlidingTimeWindowReservoir';
    if (options?.windowMillis === undefined) throw new InvalidOptionError(owner, 'windowMillis', 'is required');
    this.windowMillis = positiveNumberOption(owner, 'windowMillis', options.windowMillis, 0);
    this.maxSamples = positiveIntegerOption(owner, 'maxSamples', options.maxSamples, 100_000);
    this.clock = functionOption(owner, 'clock', options.clock, coarseClock);
    this.budget = budget;
  }

  get count(): number {
    return this.updates;
  }

  /** Values held now, before trimming expired ones (bounded by `maxSamples`). */
  get retained(): number {
    return this.held;
  }

  /** Values the ring holds before it must grow (0 before the first value), for memory checks. */
  get capacity(): number {
    return this.ring.length >> 1;
  }

  update(value: number): void {
    if (!Number.isFinite(value)) {
      this.warner ??= new DropWarner('SlidingTimeWindowReservoir');
      return this.warner.drop('not a finite number', value);
    }
    const now = this.clock();
    if (this.held >= this.room) this.makeRoom(now);
    const budget = this.budget;
    if (budget !== undefined) {
      if (budget.used >= budget.maxSamples && !this.makeBudgetRoom(now, value, budget)) return;
      budget.used++;
    }
    const i = ((this.head + this.held) & this.mask) << 1;
    this.ring[i] = value;
    this.ring[i + 1] = now;
    this.held++;
    this.updates++;
  }

  snapshot(): Snapshot {
    this.trim(this.clock());
    const n = this.held;
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[k] = this.ring[((this.head + k) & this.mask) << 1];
    // Give memory back after a burst: at most a quarter full -> half (never below the first size).
    const capacity = this.capacity;
    if (capacity > INITIAL_CAPACITY && n * 4 <= capacity) this.resize(capacity >> 1);
    return new UniformSnapshot(out, this.droppedSamples);
  }

  reset(): void {
    this.release(this.held);
    this.head = 0;
    this.updates = 0;
    this.droppedSamples = 0;
  }

  /** The ring is full or at maxSamples: trim, grow or drop the oldest. */
  private makeRoom(now: number): void {
    this.trim(now);
    if (this.held < this.room) return;
    const capacity = this.capacity;
    if (capacity < this.maxSamples) return this.resize(capacity === 0 ? INITIAL_CAPACITY : capacity * 2);
    this.fullWarner ??= new DropWarner('SlidingTimeWindowReservoir');
    this.fullReason ??= `the window holds more than maxSamples (${this.maxSamples}) values, the oldest is dropped`;
    this.fullWarner.drop(this.fullReason, this.ring[this.head << 1]);
    this.dropOldest();
  }

  /** The instrument's budget is spent: trim, else drop this series' oldest value (or, holding none, the new one: false). */
  private makeBudgetRoom(now: number, value: number, budget: SampleBudget): boolean {
    this.trim(now);
    if (budget.used < budget.maxSamples) return true;
    if (this.held === 0) {
      this.droppedSamples++;
      budget.dropped(value);
      return false;
    }
    budget.dropped(this.ring[this.head << 1]);
    this.dropOldest();
    return true;
  }

  private dropOldest(): void {
    this.head = (this.head + 1) & this.mask;
    this.release(1);
    this.droppedSamples++;
  }

  /** `n` values leave the window (from the head, already moved by the caller). */
  private release(n: number): void {
    this.held -= n;
    if (this.budget !== undefined) this.budget.used -= n;
  }

  /** Moves the ring to a new power-of-two capacity, oldest value first. */
  private resize(capacity: number): void {
    const next = new Float64Array(capacity * 2);
    const n = this.held;
    for (let k = 0; k < n; k++) {
      const from = ((this.head + k) & this.mask) << 1;
      next[2 * k] = this.ring[from];
      next[2 * k + 1] = this.ring[from + 1];
    }
    this.ring = next;
    this.mask = capacity - 1;
    this.head = 0;
    this.room = Math.min(capacity, this.maxSamples);
  }

  /** Removes the values with time <= now - windowMillis (times never decrease from the head on). */
  private trim(now: number): void {
    const cutoff = now - this.windowMillis;
    const n = this.held;
    if (n === 0 || this.ring[(this.head << 1) + 1] > cutoff) return;
    // Binary search for the first logical index with time > cutoff.
    let lo = 1;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ring[(((this.head + mid) & this.mask) << 1) + 1] > cutoff) hi = mid;
      else lo = mid + 1;
    }
    this.head = (this.head + lo) & this.mask;
    this.release(lo);
  }
}
