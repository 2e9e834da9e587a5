import type { MeterworkMetricData } from '../data/types';

/** The rich kind a cell produces (`MeterworkMetricData['kind']`). */
export type CellKind = MeterworkMetricData['kind'];

/**
 * One attribute set's aggregation. `record` is the hot path: it must not
 * throw or allocate. `flagged` is go/no-go's classification (the error
 * attribute was present); other cells ignore it.
 */
export interface Cell<V = unknown> {
  record(value: number, flagged: boolean): void;
  read(includeSamples: boolean): V;
}

/** Instrument kinds we wrap (observable instruments pass through to the SDK). */
export type SyncInstrumentType = 'counter' | 'histogram' | 'up_down_counter' | 'gauge';
