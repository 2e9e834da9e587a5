import type { MeterValue } from '../data/types';
import { countDelta, perSecond, RATE_WINDOWS } from './counts';
import type { AggregationKind, FieldSink, PointSink, SampleSink } from './types';

/** Writes the four rates of a meter as `window`-labelled points. */
export function rateSamples(r: MeterValue, sink: SampleSink): void {
  sink.sample(r.m1Rate, RATE_WINDOWS[0]);
  sink.sample(r.m5Rate, RATE_WINDOWS[1]);
  sink.sample(r.m15Rate, RATE_WINDOWS[2]);
  sink.sample(r.meanRate, RATE_WINDOWS[3]);
}

const WINDOW_ATTRIBUTES = RATE_WINDOWS.map((window) => ({ window }) as const);

/** Writes the four rates of a meter as standard points with a `window` attribute. */
export function ratePoints(r: MeterValue, sink: PointSink): void {
  sink.point(r.m1Rate, WINDOW_ATTRIBUTES[0]);
  sink.point(r.m5Rate, WINDOW_ATTRIBUTES[1]);
  sink.point(r.m15Rate, WINDOW_ATTRIBUTES[2]);
  sink.point(r.meanRate, WINDOW_ATTRIBUTES[3]);
}

/** The InfluxDB rate fields, after whatever the kind writes first. */
export function rateFields(r: MeterValue, out: FieldSink): void {
  out.add('m1_rate', r.m1Rate);
  out.add('m5_rate', r.m5Rate);
  out.add('m15_rate', r.m15Rate);
  out.add('mean_rate', r.meanRate);
}

/** Counts and rates add (the cluster's rate is the sum of the workers' rates). */
export function mergeMeterValues(inputs: readonly MeterValue[]): MeterValue {
  let count = 0;
  let m1Rate = 0;
  let m5Rate = 0;
  let m15Rate = 0;
  let meanRate = 0;
  for (const v of inputs) {
    count += v.count;
    m1Rate += v.m1Rate;
    m5Rate += v.m5Rate;
    m15Rate += v.m15Rate;
    meanRate += v.meanRate;
  }
  return { count, m1Rate, m5Rate, m15Rate, meanRate };
}

/** The count becomes a delta; the rates are already per second. */
export function diffMeterValues(previous: MeterValue, current: MeterValue): MeterValue {
  return { ...current, count: countDelta(previous.count, current.count) };
}

/** The count; no rates. */
export function meterTotals(v: MeterValue): MeterValue {
  return { count: v.count, m1Rate: 0, m5Rate: 0, m15Rate: 0, meanRate: 0 };
}

/** `v` with the count of `totals` added. */
export function addMeterTotals(v: MeterValue, totals: MeterValue): MeterValue {
  return { ...v, count: v.count + totals.count };
}

/**
 * EWMA meter (Dropwizard): a count of events and their rates per second.
 *
 * - standard: `N` monotonic SUM (the count); `N.rate` GAUGE (`<unit>/s`,
 *   `window` = `1m`, `5m`, `15m`, `mean`).
 * - families: `N` counter; `N_rate` gauge with a `window` label.
 * - fields: `count`, `m1_rate`, `m5_rate`, `m15_rate`, `mean_rate`.
 */
export const meterKind: AggregationKind<'meter'> = {
  kind: 'meter',
  standard: [
    { suffix: '', type: 'sum', monotonic: true, points: (v, sink) => sink.point(v.count) },
    { suffix: 'rate', type: 'gauge', unit: perSecond, valueType: 'double', points: ratePoints },
  ],
  families: {
    unit: 'instrument',
    families: [
      { suffix: '', type: 'counter', help: '', samples: (v, sink) => sink.sample(v.count) },
      { suffix: 'rate', type: 'gauge', help: ' (per second)', label: 'window', samples: rateSamples },
    ],
  },
  fields: {
    write(v, out) {
      out.add('count', v.count);
      rateFields(v, out);
    },
  },
  merge: mergeMeterValues,
  diff: diffMeterValues,
  totals: meterTotals,
  addTotals: addMeterTotals,
};
