import type { FieldSink, MonkitValue } from './types';

/** monkit's Counter: a value that goes up and down, with its high and low marks. */
export class Counter implements MonkitValue {
  readonly kind = 'counter' as const;
  /** The current value. */
  value = 0;
  /** The highest value it reached (0 at creation). */
  high = 0;
  /** The lowest value it reached (0 at creation). */
  low = 0;

  constructor(readonly name: string) {}

  /** Adds `n` (may be negative); a non-finite `n` is ignored. */
  inc(n = 1): void {
    if (typeof n !== 'number' || n - n !== 0) return;
    const v = (this.value += n);
    if (v > this.high) this.high = v;
    if (v < this.low) this.low = v;
  }

  /** Subtracts `n`. */
  dec(n = 1): void {
    this.inc(-n);
  }

  /** Sets the value. */
  set(v: number): void {
    if (typeof v !== 'number' || v - v !== 0) return;
    this.inc(v - this.value);
  }

  /** `high`, `low`, `value`. */
  stats(sink: FieldSink): void {
    sink('high', this.high);
    sink('low', this.low);
    sink('value', this.value);
  }
}
