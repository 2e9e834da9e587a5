/** The kinds of monkit values a scope holds. */
export type ValueKind = 'int' | 'float' | 'duration' | 'bool' | 'event' | 'counter';

/** Receives one field of a value (`/stats` writes one line per field). */
export type FieldSink = (field: string, value: number) => void;

/** A named monkit value of a scope: a distribution, an event meter or a counter. */
export interface MonkitValue {
  readonly kind: ValueKind;
  /** The value's name (the `/stats` measurement). */
  readonly name: string;
  /**
   * Writes its fields in monkit's order: distributions `count` then (when
   * count > 0) `sum min max rmin ravg r10 r50 r90 r99 rmax recent`
   * (durations in seconds); bool `disposition false true recent`; event
   * `total rate`; counter `high low value`.
   */
  stats(sink: FieldSink): void;
}
