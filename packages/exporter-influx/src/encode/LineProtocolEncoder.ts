import { diag, type Attributes, type HrTime } from '@opentelemetry/api';
import { DataPointType, type MetricData, type ResourceMetrics, type ScopeMetrics } from '@opentelemetry/sdk-metrics';
import { splitMeterworkMetrics, type MeterworkDataPoint, type MeterworkMetricData } from '@meterwork/core';
import { kindOf } from '@meterwork/core/internal';
import { formatTimestamp } from '../lineprotocol/format';
import { createSchema } from '../schema/schemas';
import { FieldSet, type PointKind, type Schema } from '../schema/types';
import { cumulativeExplicit, cumulativeExponential } from './buckets';
import { buildTagList, pointTags, TagMerger, type TagList } from './tags';
import { resolveEncoderOptions, type EncoderOptions, type ResolvedEncoderOptions } from './options';

/** Warnings about skipped values are given once per measurement/field (bounded). */
const MAX_WARNED = 1000;

/**
 * Pure serializer: OTel `ResourceMetrics` (with meterwork rich data attached)
 * to InfluxDB line protocol. No I/O; usable without a server.
 */
export class LineProtocolEncoder {
  /** @internal The resolved options (defaults filled in). */
  readonly options: ResolvedEncoderOptions;
  private readonly schema: Schema;
  private readonly fields = new FieldSet();
  private readonly warned = new Set<string>();
  private readonly staticTags: TagList;
  private readonly merger = new TagMerger();
  /** Tags of histogram / summary and timer points: the schema's own `le` / `quantile` tag key renames the attribute. */
  private readonly bucketMerger: TagMerger;
  private readonly quantileMerger: TagMerger;
  private lastTime: HrTime | undefined;
  private lastTimeText = '';

  constructor(options: EncoderOptions = {}) {
    this.options = resolveEncoderOptions(options);
    this.schema = createSchema(this.options.schema, (m, f, v) => this.warnSkipped(m, f, v));
    this.staticTags = buildTagList([{ attributes: this.options.defaultTags }]);
    this.bucketMerger = this.schema.bucketTag !== undefined ? new TagMerger(this.schema.bucketTag) : this.merger;
    this.quantileMerger = this.schema.quantileTag !== undefined ? new TagMerger(this.schema.quantileTag) : this.merger;
  }

  /** Appends the lines for `resourceMetrics` to `out` (a new array by default) and returns it. */
  encode(resourceMetrics: ResourceMetrics, out: string[] = []): string[] {
    const resourceAttributes = resourceMetrics.resource?.attributes;
    const filter = this.options.resourceAttributeFilter;
    for (const scopeMetrics of resourceMetrics.scopeMetrics) {
      const base = buildTagList([
        { attributes: this.options.defaultTags },
        { attributes: resourceAttributes, filter },
        { attributes: this.scopeTags(scopeMetrics) },
      ]);
      const { meterwork, plain } = splitMeterworkMetrics(scopeMetrics.metrics);
      for (const metric of plain) {
        // One bad metric must never fail the batch.
        const mark = out.length;
        try {
          this.encodePlain(metric, base, out);
        } catch (err) {
          out.length = mark;
          diag.warn(`@meterwork/exporter-influx: metric '${metric.descriptor.name}' skipped: ${String(err)}`);
        }
      }
      for (const data of meterwork) {
        const mark = out.length;
        try {
          this.encodeRich(data, base, out);
        } catch (err) {
          out.length = mark;
          diag.warn(`@meterwork/exporter-influx: metric '${data.descriptor.name}' skipped: ${String(err)}`);
        }
      }
    }
    return out;
  }

  /** Line protocol text for `resourceMetrics` (lines joined by `\n`). */
  encodeToString(resourceMetrics: ResourceMetrics): string {
    return this.encode(resourceMetrics).join('\n');
  }

  /**
   * A counter line with the default tags and, when given, the selected resource
   * attributes (used for the exporter's own metrics, so that they can be told
   * apart per service like the metrics they travel with).
   * @internal
   */
  encodeCounter(name: string, attributes: Attributes, value: number, time: HrTime, out: string[], resourceAttributes?: Attributes): void {
    const base =
      resourceAttributes === undefined
        ? this.staticTags
        : buildTagList([{ attributes: this.options.defaultTags }, { attributes: resourceAttributes, filter: this.options.resourceAttributeFilter }]);
    const f = this.fields.clear().add('value', value);
    this.schema.write(out, name, 'counter', pointTags(base, attributes), this.ts(time), f, undefined, undefined);
  }

  private scopeTags(scopeMetrics: ScopeMetrics): Attributes | undefined {
    if (!this.options.scopeTags) return undefined;
    const scope = scopeMetrics.scope;
    return { 'otel.library.name': scope.name, 'otel.library.version': scope.version };
  }

  /** Points of one collection share their time: format it once. */
  private ts(time: HrTime): string {
    const last = this.lastTime;
    if (last === undefined || last[0] !== time[0] || last[1] !== time[1]) {
      this.lastTimeText = formatTimestamp(time, this.options.precision);
      this.lastTime = time;
    }
    return this.lastTimeText;
  }

  private encodePlain(metric: MetricData, base: TagList, out: string[]): void {
    const name = metric.descriptor.name;
    const schema = this.schema;
    const f = this.fields;
    switch (metric.dataPointType) {
      case DataPointType.GAUGE:
      case DataPointType.SUM: {
        const kind: PointKind = metric.dataPointType === DataPointType.SUM && metric.isMonotonic ? 'counter' : 'gauge';
        for (const p of metric.dataPoints) {
          schema.write(out, name, kind, this.merger.tags(base, p.attributes), this.ts(p.endTime), f.clear().add('value', p.value), undefined, undefined);
        }
        return;
      }
      case DataPointType.HISTOGRAM:
        for (const p of metric.dataPoints) {
          const h = p.value;
          this.histogramFields(h);
          const buckets = cumulativeExplicit(h.buckets.boundaries, h.buckets.counts);
          schema.write(out, name, 'histogram', this.bucketMerger.tags(base, p.attributes), this.ts(p.endTime), f, undefined, buckets);
        }
        return;
      case DataPointType.EXPONENTIAL_HISTOGRAM:
        for (const p of metric.dataPoints) {
          const h = p.value;
          this.histogramFields(h);
          let buckets;
          try {
            buckets = cumulativeExponential(h);
          } catch {
            buckets = undefined; // malformed buckets: the fields above are still written
          }
          schema.write(out, name, 'histogram', this.bucketMerger.tags(base, p.attributes), this.ts(p.endTime), f, undefined, buckets);
        }
        return;
      default:
        diag.warn(`@meterwork/exporter-influx: metric '${name}' has an unknown data point type; skipped`);
    }
  }

  /** `count`, then `sum` / `min` / `max` when recorded (explicit and exponential histograms alike). */
  private histogramFields(h: { count: number; sum?: number; min?: number; max?: number }): void {
    const f = this.fields.clear().add('count', h.count);
    if (h.sum !== undefined) f.add('sum', h.sum);
    if (h.min !== undefined) f.add('min', h.min);
    if (h.max !== undefined) f.add('max', h.max);
  }

  /**
   * Rich data, rendered from its kind's field layout (core `kind/`): for each
   * series, one line per tag set (tagged histograms), then the series line
   * with the kind's fields and, for distributions, the quantiles (the schema
   * writes them as fields or as lines with a `quantile` tag).
   */
  private encodeRich(data: MeterworkMetricData, base: TagList, out: string[]): void {
    const name = data.descriptor.name;
    const kind = kindOf(data.kind);
    if (kind === undefined) {
      diag.warn(`@meterwork/exporter-influx: metric '${name}' has a meterwork kind this version does not know ('${data.kind}'); skipped`);
      return;
    }
    const layout = kind.fields;
    const pointKind = data.kind as PointKind;
    const schema = this.schema;
    const f = this.fields;
    // The schema's `quantile` tag renames an attribute of that name on series that have quantiles.
    const merger = layout.quantiles === undefined ? this.merger : this.quantileMerger;
    for (const p of data.points as ReadonlyArray<MeterworkDataPoint<unknown>>) {
      const ts = this.ts(p.endTime);
      if (layout.tagSets !== undefined) {
        for (const set of layout.tagSets(p.value)) {
          schema.write(out, name, pointKind, pointTags(base, p.attributes, set.tags), ts, f.clear().add('count', set.count), undefined, undefined);
        }
      }
      layout.write(p.value, f.clear());
      schema.write(out, name, pointKind, merger.tags(base, p.attributes), ts, f, layout.quantiles?.(p.value), undefined);
    }
  }

  private warnSkipped(measurement: string, field: string, value: number): void {
    const key = measurement + '\u0000' + field;
    // Once per field; past the bound, stop warning rather than flood the log.
    if (this.warned.has(key) || this.warned.size >= MAX_WARNED) return;
    this.warned.add(key);
    diag.warn(`@meterwork/exporter-influx: ${measurement} field '${field}' is ${value}; InfluxDB cannot store it, field skipped`);
  }
}

/** One-shot form of {@link LineProtocolEncoder}: the line protocol text for `resourceMetrics`. */
export function encodeLineProtocol(resourceMetrics: ResourceMetrics, options: EncoderOptions = {}): string {
  return new LineProtocolEncoder(options).encodeToString(resourceMetrics);
}
