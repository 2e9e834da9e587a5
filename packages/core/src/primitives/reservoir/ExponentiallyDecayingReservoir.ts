import { coarseClock, type Clock } from '../../clock';
import { WeightedSnapshot } from '../snapshot/WeightedSnapshot';
import type { Snapshot } from '../snapshot/types';
import { DropWarner, functionOption, positiveIntegerOption, positiveNumberOption } from '../../validate';
import type { RandomSource, Reservoir } from './types';

export interface ExponentiallyDecayingReservoirOptions {
  /** Number of samples kept. @default 1028 */
  readonly size?: number | undefined;
  /** Decay per second: 0.015 keeps about the last 5 minutes significant. @default 0.015 */
  readonly alpha?: number | undefined;
  /** @default coarseClock */
  readonly clock?: Clock | undefined;
  /** Random source in [0, 1). @default Math.random */
  readonly random?: RandomSource | undefined;
}

/** Dropwizard rescales the landmark every hour so that exp() cannot overflow. */
const RESCALE_INTERVAL_MILLIS = 60 * 60 * 1000;

/**
 * Forward-decay priority sample (Cormode et al.), as Dropwizard's
 * `ExponentiallyDecayingReservoir`: a value recorded at t weighs
 * `w = exp(alpha * (t - landmark))` and gets priority `w / U` (U uniform in
 * (0, 1]); the `size` highest priorities are kept in a min-heap. A new value
 * replaces the lowest priority only when its priority is higher (go-metrics
 * always replaces: a bug that biases to recent values). The landmark moves
 * every hour, on record and on read; samples whose weight underflows to 0
 * (after ~14 h without records at alpha 0.015) are removed, so a reservoir
 * that stopped receiving values eventually reads empty instead of showing
 * stale quantiles forever.
 */
export class ExponentiallyDecayingReservoir implements Reservoir {
  private readonly alphaPerMilli: number;
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly priorities: Float64Array;
  private readonly samples: Float64Array;
  private readonly sampleWeights: Float64Array;
  private held = 0;
  private updates = 0;
  private landmark: number;
  private nextRescale: number;
  private readonly warner = new DropWarner('ExponentiallyDecayingReservoir');

  constructor(options: ExponentiallyDecayingReservoirOptions = {}) {
    const owner = 'ExponentiallyDecayingReservoir';
    const size = positiveIntegerOption(owner, 'size', options.size, 1028);
    this.alphaPerMilli = positiveNumberOption(owner, 'alpha', options.alpha, 0.015) / 1000;
    this.clock = functionOption(owner, 'clock', options.clock, coarseClock);
    this.random = functionOption(owner, 'random', options.random, Math.random);
    this.priorities = new Float64Array(size);
    this.samples = new Float64Array(size);
    this.sampleWeights = new Float64Array(size);
    this.landmark = this.clock();
    this.nextRescale = this.landmark + RESCALE_INTERVAL_MILLIS;
  }

  get count(): number {
    return this.updates;
  }

  /** Start of the current decay period (clock milliseconds). */
  get landmarkMillis(): number {
    return this.landmark;
  }

  update(value: number): void {
    if (!Number.isFinite(value)) return this.warner.drop('not a finite number', value);
    const now = this.clock();
    if (now >= this.nextRescale) this.rescale(now);
    const weight = Math.exp(this.alphaPerMilli * (now - this.landmark));
    let u = 1 - this.random(); // (0, 1] for a random source in [0, 1)
    if (!(u > 0)) u = Number.EPSILON; // guard a source returning 1 (or NaN): no Infinity priority
    const priority = weight / u;
    this.updates++;
    const size = this.priorities.length;
    if (this.held < size) {
      this.siftUp(this.held++, priority, value, weight);
    } else if (priority > this.priorities[0]) {
      this.siftDown(0, priority, value, weight);
    }
  }

  snapshot(): Snapshot {
    const now = this.clock();
    if (now >= this.nextRescale) this.rescale(now);
    return new WeightedSnapshot(this.samples.subarray(0, this.held), this.sampleWeights.subarray(0, this.held));
  }

  reset(): void {
    this.held = 0;
    this.updates = 0;
    this.landmark = this.clock();
    this.nextRescale = this.landmark + RESCALE_INTERVAL_MILLIS;
  }

  /** Moves the landmark to `now`; relative weights (hence quantiles) are unchanged. */
  private rescale(now: number): void {
    const factor = Math.exp(-this.alphaPerMilli * (now - this.landmark));
    this.landmark = now;
    this.nextRescale = now + RESCALE_INTERVAL_MILLIS;
    let kept = 0;
    for (let i = 0; i < this.held; i++) {
      const w = this.sampleWeights[i] * factor;
      if (w === 0) continue; // underflowed: no longer significant
      this.sampleWeights[kept] = w;
      this.priorities[kept] = this.priorities[i] * factor;
      this.samples[kept] = this.samples[i];
      kept++;
    }
    const removed = kept !== this.held;
    this.held = kept;
    // Scaling keeps heap order; removal does not, so rebuild then.
    if (removed) for (let i = (kept >>> 1) - 1; i >= 0; i--) this.siftDown(i, this.priorities[i], this.samples[i], this.sampleWeights[i]);
  }

  private siftUp(i: number, priority: number, value: number, weight: number): void {
    const p = this.priorities;
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      if (p[parent] <= priority) break;
      this.move(parent, i);
      i = parent;
    }
    this.put(i, priority, value, weight);
  }

  private siftDown(i: number, priority: number, value: number, weight: number): void {
    const p = this.priorities;
    const n = this.held;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && p[child + 1] < p[child]) child++;
      if (p[child] >= priority) break;
      this.move(child, i);
      i = child;
    }
    this.put(i, priority, value, weight);
  }

  private move(from: number, to: number): void {
    this.priorities[to] = this.priorities[from];
    this.samples[to] = this.samples[from];
    this.sampleWeights[to] = this.sampleWeights[from];
  }

  private put(i: number, priority: number, value: number, weight: number): void {
    this.priorities[i] = priority;
    this.samples[i] = value;
    this.sampleWeights[i] = weight;
  }
}
