import { Meter, type Clock } from '@meterwork/core';
import type { FieldSink, MonkitValue } from './types';

/** monkit's Event (a Meter there): events and their rate, from core's EWMA `Meter`. */
export class Event implements MonkitValue {
  readonly kind = 'event' as const;
  /** The meter behind it: `count`, `m1Rate`, `m5Rate`, `m15Rate`, `meanRate`. */
  readonly meter: Meter;

  constructor(
    readonly name: string,
    clock?: Clock,
  ) {
    this.meter = new Meter(clock === undefined ? {} : { clock });
  }

  /** Records `n` events (n >= 0). */
  mark(n = 1): void {
    this.meter.mark(n);
  }

  /** `total` (events since creation) and `rate` (1-minute rate, per second). */
  stats(sink: FieldSink): void {
    sink('total', this.meter.count);
    sink('rate', this.meter.m1Rate);
  }
}
