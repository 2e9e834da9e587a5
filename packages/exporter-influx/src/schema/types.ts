import type { KindName } from '@meterwork/core/internal';

/** Which layout the lines follow. */
export type SchemaName = 'telegraf-prometheus-v1' | 'telegraf-prometheus-v2' | 'go-metrics';

export const SCHEMA_NAMES: readonly SchemaName[] = ['telegraf-prometheus-v1', 'telegraf-prometheus-v2', 'go-metrics'];

/**
 * What a point is, for schemas that name things by type: go-metrics puts it
 * in the measurement (`name.timer`), telegraf v1 uses `gauge`/`counter` as
 * the field key of single-value metrics.
 */
export type PointKind = 'gauge' | 'counter' | 'histogram' | KindName;

/** Named float fields of one point, canonical names (telegraf v1 style). Reused between points. */
export class FieldSet {
  readonly keys: string[] = [];
  readonly values: number[] = [];
  clear(): this {
    this.keys.length = 0;
    this.values.length = 0;
    return this;
  }
  add(key: string, value: number): this {
    this.keys.push(key);
    this.values.push(value);
    return this;
  }
}

export interface Quantile {
  readonly quantile: number;
  readonly value: number;
}

/** Explicit-bucket counts, cumulative, bounds ascending (the last bucket, +Inf, is `count`). */
export interface CumulativeBuckets {
  readonly bounds: readonly number[];
  readonly cumulative: readonly number[];
}

/** Receives a field that cannot be written (NaN, Infinity). */
export type SkipHandler = (measurement: string, field: string, value: number) => void;

/** Appends the lines of one point. `name` is the raw metric name; `tags` the escaped tag section. */
export interface Schema {
  /** Tag key the schema adds to histogram bucket lines (`le`); an attribute of that name is renamed. */
  readonly bucketTag?: string;
  /** Tag key the schema adds to summary/timer quantile lines (`quantile`); an attribute of that name is renamed. */
  readonly quantileTag?: string;
  write(
    out: string[],
    name: string,
    kind: PointKind,
    tags: string,
    timestamp: string,
    fields: FieldSet,
    quantiles: readonly Quantile[] | undefined,
    buckets: CumulativeBuckets | undefined,
  ): void;
}
