import type { MeterworkAggregation, ViewInstrumentType } from './types';

/**
 * The instrument types each aggregation fits (the README's table). An
 * aggregation that would misread an instrument's measurements is refused:
 * a meter counts events, so an up-down counter's decrements would be lost;
 * a timer and go/no-go read each measurement as one duration or one call;
 * a tagged histogram's counts cannot go down.
 */
export const AGGREGATION_INSTRUMENT_TYPES: Readonly<Record<MeterworkAggregation['type'], readonly ViewInstrumentType[]>> = Object.freeze({
  // The distribution of the values passed to record()/add().
  sliding_time_window: ['HISTOGRAM', 'GAUGE', 'COUNTER', 'UP_DOWN_COUNTER'],
  sliding_window: ['HISTOGRAM', 'GAUGE', 'COUNTER', 'UP_DOWN_COUNTER'],
  bounded_time_window: ['HISTOGRAM', 'GAUGE', 'COUNTER', 'UP_DOWN_COUNTER'],
  uniform: ['HISTOGRAM', 'GAUGE', 'COUNTER', 'UP_DOWN_COUNTER'],
  exponentially_decaying: ['HISTOGRAM', 'GAUGE', 'COUNTER', 'UP_DOWN_COUNTER'],
  // Each increment marks that many events.
  meter: ['COUNTER'],
  // Each measurement is one duration (one call).
  timer: ['HISTOGRAM'],
  go_no_go: ['HISTOGRAM'],
  // A counter's increments are summed; a histogram's or gauge's measurements are counted.
  tagged_histogram: ['COUNTER', 'HISTOGRAM', 'GAUGE'],
});

/** Whether `aggregation` has a defined meaning on an instrument of this type. */
export function aggregationFits(aggregation: MeterworkAggregation['type'], instrumentType: ViewInstrumentType): boolean {
  return AGGREGATION_INSTRUMENT_TYPES[aggregation].includes(instrumentType);
}
