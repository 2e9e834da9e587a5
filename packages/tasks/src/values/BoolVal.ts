import type { FieldSink, MonkitValue } from './types';

/** monkit's BoolVal: how often a condition was true or false, and the latest. */
export class BoolVal implements MonkitValue {
  readonly kind = 'bool' as const;
  /** Times `observe(true)`. */
  trueCount = 0;
  /** Times `observe(false)`. */
  falseCount = 0;
  /** The last observed value; false while nothing was observed. */
  recent = false;

  constructor(readonly name: string) {}

  observe(value: boolean): void {
    if (value) this.trueCount++;
    else this.falseCount++;
    this.recent = value === true;
  }

  /** `disposition` (+1 per true, -1 per false), `false`, `true`, `recent` (1 or 0). */
  stats(sink: FieldSink): void {
    sink('disposition', this.trueCount - this.falseCount);
    sink('false', this.falseCount);
    sink('true', this.trueCount);
    sink('recent', this.recent ? 1 : 0);
  }
}
