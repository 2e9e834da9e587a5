import type { Clock } from '../../clock';
import { UniformSnapshot } from '../snapshot/UniformSnapshot';
import type { Snapshot } from '../snapshot/types';
import { DropWarner, positiveIntegerOption } from '../../validate';
import type { Reservoir } from './types';

export interface SlidingWindowReservoirOptions {
  /** Number of most recent values kept (exactly this many). @default 1028 */
  readonly size?: number | undefined;
  /** Accepted so every reservoir takes the same options shape (`createReservoir`,
   * views); unused: this reservoir is count-based and never reads time. */
  readonly clock?: Clock | undefined;
}

/** The last `size` values recorded, in a typed-array ring (~2 ns a record). */
export class SlidingWindowReservoir implements Reservoir {
  private readonly ring: Float64Array;
  private next = 0;
  private updates = 0;
  private readonly warner = new DropWarner('SlidingWindowReservoir');

  constructor(options: SlidingWindowReservoirOptions = {}) {
    this.ring = new Float64Array(positiveIntegerOption('SlidingWindowReservoir', 'size', options.size, 1028));
  }

  get count(): number {
    return this.updates;
  }

  update(value: number): void {
    if (!Number.isFinite(value)) return this.warner.drop('not a finite number', value);
    const i = this.next;
    this.ring[i] = value;
    // A compare beats `%` and keeps the exact size (no rounding up to a power of two).
    this.next = i + 1 === this.ring.length ? 0 : i + 1;
    this.updates++;
  }

  snapshot(): Snapshot {
    return new UniformSnapshot(this.ring.subarray(0, Math.min(this.updates, this.ring.length)));
  }

  reset(): void {
    this.next = 0;
    this.updates = 0;
  }
}
