import type { MeterValue } from '../../sdk/data/types';
import { coarseClock, type Clock } from '../../clock';
import { DropWarner, functionOption } from '../../validate';
import { EWMA, TICK_INTERVAL_SECONDS } from './EWMA';

export interface MeterOptions {
  /** @default coarseClock (EWMA ticks are 5 s apart: 10 ms resolution is plenty) */
  readonly clock?: Clock | undefined;
}

const TICK_MILLIS = TICK_INTERVAL_SECONDS * 1000;

/**
 * Counts events and their rate, as Dropwizard's Meter: 1, 5 and 15 minute
 * EWMA rates and the mean rate, in events per second. Ticks happen lazily on
 * `mark` and on reads (no timer per meter; nothing keeps the process alive);
 * a long idle period is caught up in constant time.
 */
export class Meter {
  private readonly clock: Clock;
  private readonly m1 = new EWMA(1);
  private readonly m5 = new EWMA(5);
  private readonly m15 = new EWMA(15);
  private total = 0;
  private startTime: number;
  private lastTick: number;
  private readonly warner = new DropWarner('Meter');

  constructor(options: MeterOptions = {}) {
    this.clock = functionOption('Meter', 'clock', options.clock, coarseClock);
    this.startTime = this.clock();
    this.lastTick = this.startTime;
  }

  /** Records `n` events (>= 0, finite). */
  mark(n = 1): void {
    if (!Number.isFinite(n)) return this.warner.drop('not a finite number', n);
    if (n < 0) return this.warner.drop('negative count', n);
    this.tickIfNecessary();
    this.total += n;
    this.m1.update(n);
    this.m5.update(n);
    this.m15.update(n);
  }

  get count(): number {
    return this.total;
  }

  get m1Rate(): number {
    this.tickIfNecessary();
    return this.m1.rate;
  }

  get m5Rate(): number {
    this.tickIfNecessary();
    return this.m5.rate;
  }

  get m15Rate(): number {
    this.tickIfNecessary();
    return this.m15.rate;
  }

  /** count / seconds since creation (or `reset()`); 0 before any time passed. */
  get meanRate(): number {
    const elapsed = this.clock() - this.startTime;
    return elapsed > 0 ? (this.total * 1000) / elapsed : 0;
  }

  /** All values at once (one tick check). */
  snapshot(): MeterValue {
    this.tickIfNecessary();
    return { count: this.total, m1Rate: this.m1.rate, m5Rate: this.m5.rate, m15Rate: this.m15.rate, meanRate: this.meanRate };
  }

  /** Zero count and rates; the mean rate restarts now. */
  reset(): void {
    this.total = 0;
    this.m1.reset();
    this.m5.reset();
    this.m15.reset();
    this.startTime = this.lastTick = this.clock();
  }

  private tickIfNecessary(): void {
    const age = this.clock() - this.lastTick;
    if (age < TICK_MILLIS) return;
    const ticks = Math.floor(age / TICK_MILLIS);
    this.lastTick += ticks * TICK_MILLIS;
    this.m1.tickMany(ticks);
    this.m5.tickMany(ticks);
    this.m15.tickMany(ticks);
  }
}
