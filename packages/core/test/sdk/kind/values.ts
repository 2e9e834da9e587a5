import type { Attributes } from '@opentelemetry/api';
import { UniformSnapshot, type SummaryValue } from '@meterwork/core';
import type { FamilyDescription, SampleSink } from '../../../src/sdk/kind/types';

/** A summary value holding `samples` (p50, p90, p99), with `extra` overriding fields. */
export function summary(samples: number[], extra: Partial<SummaryValue> = {}): SummaryValue {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    sum,
    min: sorted[0] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
    mean: sorted.length ? sum / sorted.length : 0,
    stdDev: 0,
    quantiles: [0.5, 0.9, 0.99].map((quantile) => ({ quantile, value: new UniformSnapshot(sorted).quantile(quantile) })),
    dropped: 0,
    samples: sorted,
    ...extra,
  };
}

/** Everything a family writes for one value, as readable rows. */
export function samplesOf<V>(family: FamilyDescription<V>, value: V): Array<[string, number] | [Attributes, number] | ['summary', unknown]> {
  const rows: Array<[string, number] | [Attributes, number] | ['summary', unknown]> = [];
  const sink: SampleSink = {
    sample: (v, labelValue) => rows.push([labelValue === undefined ? '' : `${family.label}=${labelValue}`, v]),
    tagSet: (tags, v) => rows.push([tags, v]),
    summary: (quantiles, sum, count) => rows.push(['summary', { quantiles, sum, count }]),
  };
  family.samples(value, sink);
  return rows;
}

/** The fields a kind writes for one value, in order. */
export function fieldsOf(write: (out: { add(key: string, value: number): unknown }) => void): Array<[string, number]> {
  const rows: Array<[string, number]> = [];
  write({ add: (key, value) => rows.push([key, value]) });
  return rows;
}
