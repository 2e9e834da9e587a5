import { diag } from '@opentelemetry/api';
import { escapeFieldKey, escapeMeasurement } from '../lineprotocol/escape';
import { FieldText, boundKey, pushLine, quantileKey } from './lineText';
import type { CumulativeBuckets, FieldSet, PointKind, Quantile, Schema, SchemaName, SkipHandler } from './types';

/** Escaped names are cached: the same metric names come back every export. */
class NameCache {
  private readonly map = new Map<string, string>();
  constructor(private readonly escape: (s: string) => string) {}
  get(s: string): string {
    let e = this.map.get(s);
    if (e === undefined) {
      e = this.escape(s);
      // Bounded: names are few in practice; a flood of dynamic names just stops being cached.
      if (this.map.size < 10000) this.map.set(s, e);
    }
    return e;
  }
}

const MAX_WARNED_NAMES = 1000;
const warnedCommentNames = new Set<string>();

/**
 * Escaped measurement name. A line starting with `#` is a comment to InfluxDB
 * (silently ignored, yet answered 204), so such a name gets a `_` prefix
 * (`#hits` -> `_#hits`), with one warning per name.
 */
export function measurementName(name: string): string {
  const escaped = escapeMeasurement(name);
  if (escaped.charCodeAt(0) !== 35) return escaped;
  if (!warnedCommentNames.has(name) && warnedCommentNames.size < MAX_WARNED_NAMES) {
    warnedCommentNames.add(name);
    diag.warn(`@meterwork/exporter-influx: measurement '${name}' starts with '#', which InfluxDB reads as a comment; written as '_${name}'`);
  }
  return '_' + escaped;
}

/**
 * `telegraf-prometheus-v1` (the OTel Collector influxdb exporter's default):
 * measurement = metric name; `gauge` / `counter` field for single values;
 * `count`, `sum`, ... plus one field per quantile (`0.5`) or bucket bound
 * (`0.25`, `+Inf`, cumulative counts) in one line.
 */
class TelegrafV1 implements Schema {
  private readonly measurements = new NameCache(measurementName);
  private readonly text: FieldText;
  constructor(onSkip: SkipHandler) {
    this.text = new FieldText(onSkip);
  }

  write(
    out: string[],
    name: string,
    kind: PointKind,
    tags: string,
    timestamp: string,
    fields: FieldSet,
    quantiles: readonly Quantile[] | undefined,
    buckets: CumulativeBuckets | undefined,
  ): void {
    const m = this.measurements.get(name);
    const t = this.text.reset();
    if (kind === 'gauge' || kind === 'counter') {
      t.add(name, kind, fields.values[0]);
    } else {
      for (let i = 0; i < fields.keys.length; i++) t.add(name, fields.keys[i], fields.values[i]);
      if (quantiles !== undefined) for (const q of quantiles) t.add(name, quantileKey(q.quantile), q.value);
      if (buckets !== undefined) {
        for (let i = 0; i < buckets.bounds.length; i++) t.add(name, boundKey(buckets.bounds[i]), buckets.cumulative[i]);
      }
    }
    pushLine(out, m, tags, t.text, timestamp);
  }
}

/**
 * `telegraf-prometheus-v2`: measurement `prometheus`; the metric name is in
 * the field key (`name`, `name_count`, `name_sum`, `name_bucket`); one line per
 * quantile (`quantile` tag) and per bucket (`le` tag); the encoder renames a
 * point attribute of that name `_quantile` / `_le` on those points.
 */
class TelegrafV2 implements Schema {
  readonly bucketTag = 'le';
  readonly quantileTag = 'quantile';
  private readonly names = new NameCache(escapeFieldKey);
  private readonly text: FieldText;
  constructor(onSkip: SkipHandler) {
    this.text = new FieldText(onSkip);
  }

  write(
    out: string[],
    name: string,
    kind: PointKind,
    tags: string,
    timestamp: string,
    fields: FieldSet,
    quantiles: readonly Quantile[] | undefined,
    buckets: CumulativeBuckets | undefined,
  ): void {
    const n = this.names.get(name);
    const t = this.text.reset();
    if (kind === 'gauge' || kind === 'counter') {
      t.add(name, n, fields.values[0]);
      pushLine(out, 'prometheus', tags, t.text, timestamp);
      return;
    }
    for (let i = 0; i < fields.keys.length; i++) t.add(name, n + '_' + fields.keys[i], fields.values[i]);
    pushLine(out, 'prometheus', tags, t.text, timestamp);
    if (quantiles !== undefined) {
      for (const q of quantiles) {
        t.reset().add(name, n, q.value);
        pushLine(out, 'prometheus', tags + ',' + this.quantileTag + '=' + quantileKey(q.quantile), t.text, timestamp);
      }
    }
    if (buckets !== undefined) {
      const key = n + '_bucket';
      for (let i = 0; i < buckets.bounds.length; i++) {
        t.reset().add(name, key, buckets.cumulative[i]);
        pushLine(out, 'prometheus', tags + ',' + this.bucketTag + '=' + boundKey(buckets.bounds[i]), t.text, timestamp);
      }
    }
  }
}

/** Measurement suffix per point kind; a meterwork kind not listed uses `.<kind>`. */
const GO_SUFFIX: Partial<Record<PointKind, string>> = {
  gauge: '.gauge',
  counter: '.count',
  histogram: '.histogram',
  summary: '.histogram',
  timer: '.timer',
  meter: '.meter',
  go_no_go: '.go_no_go',
  tagged_histogram: '.tagged',
};

/** go-ethereum's InfluxDB reporter names. */
const GO_RENAME: Record<string, string> = { m1_rate: 'm1', m5_rate: 'm5', m15_rate: 'm15' };

/** 0.5 -> p50, 0.999 -> p999, 0.9999 -> p9999 (go-metrics percentile field names). */
export function percentileKey(q: number): string {
  return 'p' + String(Number((q * 100).toPrecision(12))).replace('.', '');
}

/**
 * go-metrics style (go-ethereum's reporter): measurement `name.<type>`
 * (`.count`, `.gauge`, `.histogram`, `.meter`, `.timer`); single values in
 * `value`; meters `count,m1,m5,m15,mean`; distributions
 * `count,min,max,mean,stddev,p50,p75,p95,p99,p999`; timers add
 * `m1,m5,m15,meanrate`. Bucket counts are not written (go-metrics has none).
 */
class GoMetrics implements Schema {
  private readonly measurements = new NameCache(measurementName);
  private readonly text: FieldText;
  constructor(onSkip: SkipHandler) {
    this.text = new FieldText(onSkip);
  }

  write(out: string[], name: string, kind: PointKind, tags: string, timestamp: string, fields: FieldSet, quantiles: readonly Quantile[] | undefined): void {
    const m = this.measurements.get(name + (GO_SUFFIX[kind] ?? '.' + kind));
    const t = this.text.reset();
    if (kind === 'gauge' || kind === 'counter') {
      t.add(name, 'value', fields.values[0]);
    } else {
      for (let i = 0; i < fields.keys.length; i++) {
        const key = fields.keys[i];
        const renamed = key === 'mean_rate' ? (kind === 'timer' ? 'meanrate' : 'mean') : (GO_RENAME[key] ?? key);
        t.add(name, renamed, fields.values[i]);
      }
      if (quantiles !== undefined) for (const q of quantiles) t.add(name, percentileKey(q.quantile), q.value);
    }
    pushLine(out, m, tags, t.text, timestamp);
  }
}

export function createSchema(name: SchemaName, onSkip: SkipHandler): Schema {
  switch (name) {
    case 'telegraf-prometheus-v1':
      return new TelegrafV1(onSkip);
    case 'telegraf-prometheus-v2':
      return new TelegrafV2(onSkip);
    case 'go-metrics':
      return new GoMetrics(onSkip);
  }
}
