import type { MeterworkMetricData } from '../data/types';
import { goNoGoKind } from './goNoGo';
import { meterKind } from './meter';
import { summaryKind } from './summary';
import { taggedHistogramKind } from './taggedHistogram';
import { timerKind } from './timer';
import type { AggregationKind, KindName } from './types';

/** Every aggregation kind, by `MeterworkMetricData['kind']`. A new kind adds its line here. */
const KINDS: { readonly [K in KindName]: AggregationKind<K> } = {
  summary: summaryKind,
  timer: timerKind,
  meter: meterKind,
  go_no_go: goNoGoKind,
  tagged_histogram: taggedHistogramKind,
};

/**
 * The definition of a kind, or undefined for a kind this copy of core does
 * not know (rich data from a newer meterwork, e.g. through a cluster).
 * Typed loosely (`AggregationKind<KindName, any>`-like) so callers holding a
 * `MeterworkMetricData` can pass its points' values without a switch.
 */
export function kindOf(kind: string): AggregationKind<KindName, unknown> | undefined {
  return Object.prototype.hasOwnProperty.call(KINDS, kind) ? (KINDS[kind as KindName] as unknown as AggregationKind<KindName, unknown>) : undefined;
}

/** The definition of the kind of `data` (always known: `data` is typed). */
export function kindOfData(data: MeterworkMetricData): AggregationKind<KindName, unknown> {
  return KINDS[data.kind] as unknown as AggregationKind<KindName, unknown>;
}

/** The names of every kind, in definition order. */
export const KIND_NAMES: readonly KindName[] = Object.keys(KINDS) as KindName[];
