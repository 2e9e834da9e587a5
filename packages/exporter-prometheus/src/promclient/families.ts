import { diag, type Attributes } from '@opentelemetry/api';
import { splitMeterworkMetrics, type MeterValue, type MeterworkMetricData, type SummaryValue } from '@meterwork/core';
import { exponentialToExplicit } from '@meterwork/core/internal';
import { AggregationTemporality, DataPointType, type Histogram, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { joinName, toPrometheusName, type PrometheusNameKind, type PrometheusNameOptions } from '../naming/metric-name';
import { LabelNameCache } from '../naming/sanitize';
import { attributeValueToString } from '../serializer/format';
import { histogramSumIsMonotonic, RATE_WINDOWS } from '../serializer/exposition';
import { DEFAULT_MAX_EXPONENTIAL_BUCKETS } from '../serializer/serializer';

/**
 * OTel and meterwork metrics as prom-client metric objects (what a prom-client
 * metric's `get()` returns): one family per Prometheus name, named by the same
 * rules as our serializer.
 */

export type PromClientType = 'counter' | 'gauge' | 'histogram' | 'summary';

export interface PromClientValue {
  readonly labels: Record<string, string | number>;
  readonly value: number;
  /** Sample name when it differs from the family name (`_bucket`, `_sum`, `_count`). */
  readonly metricName?: string;
}

export interface PromClientFamily {
  readonly name: string;
  readonly help: string;
  readonly type: PromClientType;
  readonly values: PromClientValue[];
}

/** Attributes, value and the labels we add ourselves (which win over same-named attributes). */
type Sample = [Attributes, number, Record<string, string>?];

const GO = { outcome: 'go' };
const NO_GO = { outcome: 'no_go' };
const OVERFLOW = { otel_metric_overflow: 'true' };
const LE = { le: '' };
const QUANTILE = { quantile: '' };

const warnedOnce = new Set<string>();
function warnOnce(key: string, message: string): void {
  if (warnedOnce.has(key)) return;
  warnedOnce.add(key);
  diag.warn(message);
}

export class FamilyBuilder {
  private readonly labelNames = new LabelNameCache();
  private readonly families = new Map<string, PromClientFamily>();

  constructor(private readonly naming: PrometheusNameOptions = {}) {}

  /** All families of one collection, in order of first appearance. */
  build(resourceMetrics: ResourceMetrics): PromClientFamily[] {
    this.families.clear();
    for (const scope of resourceMetrics.scopeMetrics) {
      const { meterwork, plain } = splitMeterworkMetrics(scope.metrics);
      for (const metric of plain) this.addPlain(metric);
      for (const data of meterwork) this.addMeterwork(data);
    }
    return [...this.families.values()];
  }

  /** `extra`: labels we add (they win; a same-named attribute gets a `_` prefix); `reserved`: names only renamed, not added. */
  private labels(attributes: Attributes, extra?: Record<string, string | number>, reserved?: Record<string, string | number>): Record<string, string | number> {
    const out: Record<string, string | number> = {};
    for (const key in attributes) {
      const value = attributes[key];
      if (value === undefined || value === null) continue;
      let name = this.labelNames.get(key);
      // An attribute named like a label we add (`le`, `quantile`, `window`, ...) gets a `_` prefix, as in the serializer.
      if ((extra !== undefined && extra[name] !== undefined) || (reserved !== undefined && reserved[name] !== undefined)) name = '_' + name;
      const text = attributeValueToString(value);
      // Colliding sanitised names are merged with ';', as the spec says.
      out[name] = out[name] === undefined ? text : `${out[name]};${text}`;
    }
    if (extra) Object.assign(out, extra);
    return out;
  }

  private family(otelName: string, unit: string, kind: PrometheusNameKind, type: PromClientType, help: string): PromClientFamily | undefined {
    return this.familyNamed(toPrometheusName(otelName, unit, kind, this.naming).name, type, help || otelName, otelName);
  }

  /** The family for a Prometheus name, or undefined (with a warning) when another type has the name. */
  private familyNamed(name: string, type: PromClientType, help: string, otelName: string): PromClientFamily | undefined {
    const found = this.families.get(name);
    if (found === undefined) {
      const family: PromClientFamily = { name, help, type, values: [] };
      this.families.set(name, family);
      return family;
    }
    if (found.type !== type) {
      warnOnce(`type:${name}`, `prom-client bridge: ${otelName} maps to ${name}, already a ${found.type}; dropped`);
      return undefined;
    }
    return found;
  }

  private addPlain(metric: MetricData): void {
    const d = metric.descriptor;
    if (metric.aggregationTemporality === AggregationTemporality.DELTA && metric.dataPointType !== DataPointType.GAUGE) {
      warnOnce(`delta:${d.name}`, `prom-client bridge: ${d.name} is delta; Prometheus needs cumulative data; dropped`);
      return;
    }
    switch (metric.dataPointType) {
      case DataPointType.SUM: {
        const counter = metric.isMonotonic;
        const f = this.family(d.name, d.unit, counter ? 'counter' : 'gauge', counter ? 'counter' : 'gauge', d.description);
        if (f) for (const p of metric.dataPoints) f.values.push({ labels: this.labels(p.attributes), value: p.value });
        return;
      }
      case DataPointType.GAUGE: {
        const f = this.family(d.name, d.unit, 'gauge', 'gauge', d.description);
        if (f) for (const p of metric.dataPoints) f.values.push({ labels: this.labels(p.attributes), value: p.value });
        return;
      }
      case DataPointType.HISTOGRAM:
      case DataPointType.EXPONENTIAL_HISTOGRAM: {
        const f = this.family(d.name, d.unit, 'other', 'histogram', d.description);
        if (!f) return;
        const exponential = metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM;
        for (const p of metric.dataPoints) {
          // Exponential histograms become classic buckets, as in the serializer.
          const value = exponential ? exponentialToExplicit(p.value as never, DEFAULT_MAX_EXPONENTIAL_BUCKETS) : (p.value as Histogram);
          const { boundaries, counts } = value.buckets;
          const base = this.labels(p.attributes, undefined, LE);
          let cumulative = 0;
          for (let i = 0; i < boundaries.length; i++) {
            cumulative += counts[i] ?? 0;
            f.values.push({ metricName: `${f.name}_bucket`, labels: { ...base, le: boundaries[i]! }, value: cumulative });
          }
          f.values.push({ metricName: `${f.name}_bucket`, labels: { ...base, le: '+Inf' }, value: value.count });
          if (value.sum !== undefined && histogramSumIsMonotonic(value)) f.values.push({ metricName: `${f.name}_sum`, labels: base, value: value.sum });
          f.values.push({ metricName: `${f.name}_count`, labels: base, value: value.count });
        }
        return;
      }
    }
  }

  private summaryValues(f: PromClientFamily, attributes: Attributes, v: SummaryValue): void {
    // The series' own labels are the same on every sample (an attribute `quantile` becomes `_quantile`).
    const base = this.labels(attributes, undefined, QUANTILE);
    for (const q of v.quantiles) f.values.push({ labels: { ...base, quantile: q.quantile }, value: q.value });
    f.values.push({ metricName: `${f.name}_sum`, labels: base, value: v.sum });
    f.values.push({ metricName: `${f.name}_count`, labels: base, value: v.count });
  }

  private simple(name: string, type: 'counter' | 'gauge', help: string, originalName: string, values: Sample[]): void {
    const f = this.familyNamed(name, type, help, originalName);
    if (f) for (const [attributes, value, extra] of values) f.values.push({ labels: this.labels(attributes, extra), value });
  }

  /**
   * Rich data, laid out as our serializer does: summaries and timers as
   * summaries (timers in seconds) with `<name>_rate` gauges (`window` label)
   * for timers and meters; meters as counters; go/no-go as `<name>_outcomes`,
   * `_mean`, `_min`, `_max` gauges (`outcome` label) and `_outliers`; tagged
   * histograms as a counter per tag set (plus `otel_metric_overflow="true"`).
   */
  private addMeterwork(data: MeterworkMetricData): void {
    const d = data.descriptor;
    const help = d.description || d.name;
    switch (data.kind) {
      case 'summary':
      case 'timer': {
        const n = toPrometheusName(d.name, data.kind === 'timer' ? d.unit || 's' : d.unit, 'other', this.naming);
        const f = this.familyNamed(n.name, 'summary', help, d.name);
        if (f) for (const p of data.points) this.summaryValues(f, p.attributes, p.value);
        if (data.kind === 'timer') {
          const rates: Sample[] = [];
          for (const p of data.points) rateValues(p.attributes, p.value.rates, rates);
          this.simple(joinName(n.familyName, 'rate'), 'gauge', help + ' (events per second)', d.name, rates);
        }
        return;
      }
      case 'meter': {
        const n = toPrometheusName(d.name, d.unit, 'counter', this.naming);
        this.simple(n.name, 'counter', help, d.name, data.points.map((p) => [p.attributes, p.value.count]));
        const rates: Sample[] = [];
        for (const p of data.points) rateValues(p.attributes, p.value, rates);
        this.simple(joinName(n.familyName, 'rate'), 'gauge', help + ' (per second)', d.name, rates);
        return;
      }
      case 'gonogo': {
        const n = toPrometheusName(d.name, d.unit, 'other', this.naming);
        for (const stat of ['count', 'mean', 'min', 'max'] as const) {
          const values: Sample[] = [];
          for (const p of data.points) {
            // An outcome with no values in the current period has no mean/min/max: left out, as the serializer does.
            const go = p.value.go[stat];
            const noGo = p.value.noGo[stat];
            if (go !== undefined) values.push([p.attributes, go, GO]);
            if (noGo !== undefined) values.push([p.attributes, noGo, NO_GO]);
          }
          const what = stat === 'count' ? 'events by outcome since the series started' : `${stat} in the current period by outcome`;
          this.simple(joinName(n.familyName, stat === 'count' ? 'outcomes' : stat), 'gauge', `${help} (${what})`, d.name, values);
        }
        this.simple(joinName(n.familyName, 'outliers'), 'gauge', help + ' (outliers since the series started)', d.name, data.points.map((p) => [p.attributes, p.value.outliers]));
        return;
      }
      case 'tagged_histogram': {
        const n = toPrometheusName(d.name, d.unit, 'counter', this.naming);
        const f = this.familyNamed(n.name, 'counter', help, d.name);
        if (!f) return;
        for (const p of data.points) {
          // A tag named like the overflow label is renamed (`_otel_metric_overflow`), as in the serializer.
          for (const t of p.value.tagSets) f.values.push({ labels: this.labels({ ...p.attributes, ...t.tags }, undefined, OVERFLOW), value: t.count });
          if (p.value.overflow > 0) f.values.push({ labels: this.labels(p.attributes, OVERFLOW), value: p.value.overflow });
        }
        return;
      }
    }
  }
}

function rateValues(attributes: Attributes, rates: MeterValue, out: Sample[]): void {
  for (const [window, key] of RATE_WINDOWS) out.push([attributes, rates[key], { window }]);
}
