import type { MeterworkAggregation, MeterworkView, ReservoirAggregation, ViewInstrumentType } from '@meterwork/core';
import type { ViewConfig } from '../model/types';

/** A camelCased key back in the file's spelling (`slidingTimeWindow` -> `sliding_time_window`). */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The file's `window` / `period` (milliseconds, as OTel's `interval`) are core's `windowMillis` / `periodMillis`. */
const RENAMED: Readonly<Record<string, string>> = { window: 'windowMillis', period: 'periodMillis' };

function aggregationOf(kindKey: string, options: Readonly<Record<string, unknown>> | null): MeterworkAggregation {
  const out: Record<string, unknown> = { type: snakeCase(kindKey) };
  for (const [key, value] of Object.entries(options ?? {})) {
    if (key === 'reservoir') {
      const [[inner, innerOptions]] = Object.entries(value as Record<string, Record<string, unknown> | null>);
      out.reservoir = aggregationOf(inner, innerOptions) as ReservoirAggregation;
    } else {
      out[RENAMED[key] ?? key] = value;
    }
  }
  return out as unknown as MeterworkAggregation;
}

/** A validated `views[]` entry as core's `MeterworkView` (selectors are OTel's, instrument types upper-cased as sdk-metrics spells them). */
export function toMeterworkView(view: ViewConfig): MeterworkView {
  const { selector: s, stream } = view;
  const [[kind, options]] = Object.entries(stream.aggregation);
  const out: Record<string, unknown> = {
    instrumentName: s.instrumentName,
    instrumentType: s.instrumentType === undefined ? undefined : (s.instrumentType.toUpperCase() as ViewInstrumentType),
    instrumentUnit: s.unit,
    meterName: s.meterName,
    meterVersion: s.meterVersion,
    meterSchemaUrl: s.meterSchemaUrl,
    name: stream.name,
    description: stream.description,
    attributeKeys: stream.attributeKeys,
    aggregationCardinalityLimit: stream.aggregationCardinalityLimit,
    keepOtelAggregation: stream.keepOtelAggregation,
    aggregation: aggregationOf(kind, options),
  };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out as unknown as MeterworkView;
}
