import type { TimerValue } from '../data/types';
import { addMeterTotals, diffMeterValues, meterTotals, mergeMeterValues, rateFields, ratePoints, rateSamples } from './meter';
import { addSummaryTotals, diffSummaryValues, mergeSummaryValues, summaryFamily, summaryFields, summaryStandard, summaryTotals } from './summary';
import type { AggregationKind } from './types';

/** A summary merged from samples plus rates added. */
export function mergeTimerValues(inputs: readonly TimerValue[], name = 'timer'): TimerValue {
  return { ...mergeSummaryValues(inputs, name), rates: mergeMeterValues(inputs.map((v) => v.rates)) };
}

/** The summary's deltas and the meter's (rates are per second already). */
function diffTimerValues(previous: TimerValue, current: TimerValue): TimerValue {
  return { ...diffSummaryValues(previous, current), rates: diffMeterValues(previous.rates, current.rates) };
}

/**
 * Dropwizard timer: a summary of durations in seconds plus the rates of
 * events.
 *
 * - standard: the summary's metrics plus `N.rate` GAUGE (`1/s`, `window`
 *   attribute).
 * - families: summary `N` named in seconds (`s` when the instrument has no
 *   unit); `N_rate` gauge with a `window` label.
 * - fields: the summary's, then `m1_rate`, `m5_rate`, `m15_rate`, `mean_rate`.
 */
export const timerKind: AggregationKind<'timer'> = {
  kind: 'timer',
  standard: [...summaryStandard, { suffix: 'rate', type: 'gauge', unit: () => '1/s', valueType: 'double', points: (v, sink) => ratePoints(v.rates, sink) }],
  families: {
    unit: 'seconds',
    families: [
      summaryFamily,
      { suffix: 'rate', type: 'gauge', help: ' (events per second)', label: 'window', samples: (v, sink) => rateSamples(v.rates, sink) },
    ],
  },
  fields: {
    write(v, out) {
      summaryFields(v, out);
      rateFields(v.rates, out);
    },
    quantiles: (v) => v.quantiles,
  },
  merge: mergeTimerValues,
  diff: diffTimerValues,
  totals: (v) => ({ ...summaryTotals(v), rates: meterTotals(v.rates) }),
  addTotals: (v, totals) => ({ ...addSummaryTotals(v, totals), rates: addMeterTotals(v.rates, totals.rates) }),
};
