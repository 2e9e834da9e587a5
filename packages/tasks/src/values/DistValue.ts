import type { ReservoirOptions } from '@meterwork/core';
import { Dist } from './Dist';
import type { FieldSink, MonkitValue } from './types';

/**
 * monkit's IntVal / FloatVal / DurationVal: a distribution of observed
 * values. `observe` never throws and allocates nothing in steady state.
 */
export class DistValue implements MonkitValue {
  /** The distribution (count, sum, min, max, recent, reservoir). */
  readonly dist: Dist;

  constructor(
    readonly kind: 'int' | 'float' | 'duration',
    readonly name: string,
    reservoir: ReservoirOptions,
  ) {
    this.dist = new Dist(reservoir);
  }

  /**
   * Records a value: an integer for `int` (a fraction is truncated), any
   * finite number for `float`, seconds for `duration`.
   */
  observe(value: number): void {
    this.dist.observe(this.kind === 'int' ? Math.trunc(value) : value);
  }

  stats(sink: FieldSink): void {
    this.dist.stats(sink);
  }
}

/** monkit's IntVal. */
export type IntVal = DistValue & { readonly kind: 'int' };
/** monkit's FloatVal. */
export type FloatVal = DistValue & { readonly kind: 'float' };
/** monkit's DurationVal: values in seconds. */
export type DurationVal = DistValue & { readonly kind: 'duration' };
