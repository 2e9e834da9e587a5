import { InvalidOptionError } from '../../options/errors';
import { monotonicClock, type Clock } from '../../clock';
import { Meter } from '../meter/Meter';
import { ExponentiallyDecayingReservoir } from '../reservoir/ExponentiallyDecayingReservoir';
import type { Reservoir } from '../reservoir/types';
import type { Snapshot } from '../snapshot/types';
import type { MeterValue } from '../../sdk/data/types';
import { DropWarner, functionOption } from '../../validate';

export interface TimerOptions {
  /** Where durations (seconds) go. @default new ExponentiallyDecayingReservoir() (as Dropwizard) */
  readonly reservoir?: Reservoir | undefined;
  /**
   * Measures `time()` and stopwatch durations and drives the meter.
   * @default monotonicClock for durations; the meter keeps its own coarse clock
   */
  readonly clock?: Clock | undefined;
}

/**
 * A meter of events plus a reservoir of their durations in seconds.
 * `time(fn)` records even when `fn` throws or its promise rejects, then
 * rethrows.
 */
export class Timer {
  private readonly reservoir: Reservoir;
  private readonly meter: Meter;
  private readonly clock: Clock;
  private readonly warner = new DropWarner('Timer');

  constructor(options: TimerOptions = {}) {
    this.clock = functionOption('Timer', 'clock', options.clock, monotonicClock);
    if (options.reservoir !== undefined && typeof options.reservoir?.update !== 'function') {
      throw new InvalidOptionError('Timer', 'reservoir', 'must be a Reservoir', options.reservoir);
    }
    this.reservoir = options.reservoir ?? new ExponentiallyDecayingReservoir();
    this.meter = new Meter({ clock: options.clock });
  }

  /** Records one duration in seconds (finite, >= 0). */
  update(seconds: number): void {
    if (!Number.isFinite(seconds)) return this.warner.drop('not a finite number', seconds);
    if (seconds < 0) return this.warner.drop('negative duration', seconds);
    this.reservoir.update(seconds);
    this.meter.mark(1);
  }

  /**
   * Runs `fn` and records how long it took; for a function returning a
   * promise (or any thenable), until it settles. Returns what `fn` returns
   * (a promise for async functions).
   */
  time<T>(fn: () => T): T {
    const start = this.clock();
    let result: T;
    try {
      result = fn();
    } catch (err) {
      this.record(start);
      throw err;
    }
    if (isThenable(result)) {
      return Promise.resolve(result).then(
        (value) => {
          this.record(start);
          return value;
        },
        (err: unknown) => {
          this.record(start);
          throw err;
        },
      ) as T;
    }
    this.record(start);
    return result;
  }

  /**
   * Starts measuring now; the returned function records the elapsed seconds
   * and returns them. Only the first call records.
   */
  startStopwatch(): () => number {
    const start = this.clock();
    let elapsed = -1;
    return () => {
      if (elapsed < 0) elapsed = this.record(start);
      return elapsed;
    };
  }

  snapshot(): Snapshot {
    return this.reservoir.snapshot();
  }

  get count(): number {
    return this.meter.count;
  }
  get m1Rate(): number {
    return this.meter.m1Rate;
  }
  get m5Rate(): number {
    return this.meter.m5Rate;
  }
  get m15Rate(): number {
    return this.meter.m15Rate;
  }
  get meanRate(): number {
    return this.meter.meanRate;
  }

  /** The event rates at once. */
  rates(): MeterValue {
    return this.meter.snapshot();
  }

  private record(start: number): number {
    const seconds = Math.max(0, (this.clock() - start) / 1000);
    this.update(seconds);
    return seconds;
  }
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && (typeof x === 'object' || typeof x === 'function') && typeof (x as { then?: unknown }).then === 'function';
}
