import type { Clock } from '../../clock';
import { UniformSnapshot } from '../snapshot/UniformSnapshot';
import type { Snapshot } from '../snapshot/types';
import { DropWarner, functionOption, positiveIntegerOption } from '../../validate';
import type { RandomSource, Reservoir } from './types';

export interface UniformReservoirOptions {
  /** Number of samples kept. @default 1028 */
  readonly size?: number | undefined;
  /** Random source in [0, 1). @default Math.random */
  readonly random?: RandomSource | undefined;
  /** Accepted so every reservoir takes the same options shape (`createReservoir`,
   * views); unused: this reservoir is count-based and never reads time. */
  readonly clock?: Clock | undefined;
}

/**
 * A uniform random sample of every value ever recorded (Vitter's algorithm
 * R), as Dropwizard's `UniformReservoir`: quantiles over the whole lifetime,
 * so they react less and less to change. Prefer a time window for live data.
 */
export class UniformReservoir implements Reservoir {
  private readonly samples: Float64Array;
  private readonly random: RandomSource;
  private readonly warner = new DropWarner('UniformReservoir');
  private updates = 0;

  constructor(options: UniformReservoirOptions = {}) {
    const size = positiveIntegerOption('UniformReservoir', 'size', options.size, 1028);
    this.random = functionOption('UniformReservoir', 'random', options.random, Math.random);
    this.samples = new Float64Array(size);
  }

  get count(): number {
    return this.updates;
  }

  update(value: number): void {
    if (!Number.isFinite(value)) return this.warner.drop('not a finite number', value);
    const c = ++this.updates;
    const size = this.samples.length;
    if (c <= size) {
      this.samples[c - 1] = value;
    } else {
      const r = Math.floor(this.random() * c);
      if (r < size) this.samples[r] = value;
    }
  }

  snapshot(): Snapshot {
    return new UniformSnapshot(this.samples.subarray(0, Math.min(this.updates, this.samples.length)));
  }

  reset(): void {
    this.updates = 0;
  }
}
