import { diag, type Attributes } from '@opentelemetry/api';
import { exponentialToExplicit } from '@meterwork/core/internal';
import { splitMeterworkMetrics, type GoNoGoStats, type MeterValue, type MeterworkMetricData, type SummaryValue } from '@meterwork/core';
import { AggregationTemporality, DataPointType, type Histogram, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { toPrometheusName, joinName, type PrometheusName, type PrometheusNameKind } from '../naming/metric-name';
import { sanitizeMetricName, type LabelNameCache } from '../naming/sanitize';
import { braces, escapeHelp, escapeLabelValue, formatNumber, hrTimeToSeconds, joinLabels } from './format';
import { LabelRenderer } from './labels';
import { FamilyPlan, type Family, type FamilyMember, type FamilyType } from './plan';
import type { AttributeKeyMatcher, ExpositionFormat } from './types';

/** Settings resolved once per serializer. */
export interface ResolvedOptions {
  readonly withScopeLabels: boolean;
  readonly withTargetInfo: boolean;
  readonly withUnitSuffix: boolean;
  readonly withTotalSuffix: boolean;
  readonly resourceLabels: { readonly include?: readonly AttributeKeyMatcher[]; readonly exclude: readonly AttributeKeyMatcher[] } | undefined;
  readonly maxExponentialBuckets: number;
}

/** Caches that live as long as the serializer (across scrapes). */
export interface SerializerCaches {
  readonly labelNames: LabelNameCache;
  readonly metricNames: Map<string, PrometheusName>;
  /** HELP/UNIT conflicts already warned about (once per name and field, not per scrape). */
  readonly warnedMetadata: Set<string>;
}

/** promtool flags `le` / `quantile` on any other family, target_info included. */
const TARGET_INFO_RESERVED: ReadonlySet<string> = new Set(['le', 'quantile']);
/** Resource attributes copied onto series must not take a label the exporter adds. */
const CONSTANT_LABELS_RESERVED: ReadonlySet<string> = new Set(['le', 'quantile', 'otel_scope_name', 'otel_scope_version', 'window', 'outcome', 'otel_metric_overflow']);

/** HELP text: the description, else the instrument name, else the Prometheus name (promtool flags empty HELP). */
function helpOf(description: string, name: string, prometheusName: string): string {
  if (NON_BLANK.test(description)) return description;
  return NON_BLANK.test(name) ? name : prometheusName;
}
// Go (promtool) also trims U+0085 (NEL), which JS \s does not match.
const NON_BLANK = /[^\s\u0085]/;

/** `window` label value of each meter rate (`<name>_rate` gauges), also used by the prom-client bridge. */
export const RATE_WINDOWS: ReadonlyArray<readonly [string, keyof MeterValue]> = [
  ['1m', 'm1Rate'],
  ['5m', 'm5Rate'],
  ['15m', 'm15Rate'],
  ['mean', 'meanRate'],
];

function matches(key: string, matchers: readonly AttributeKeyMatcher[]): boolean {
  for (const m of matchers) {
    if (typeof m === 'string' ? m === key : m.test(key)) return true;
  }
  return false;
}

function withName(reserved: ReadonlySet<string>, name: string): ReadonlySet<string> {
  const set = new Set(reserved);
  set.add(name);
  return set;
}

/**
 * One serialization of one `ResourceMetrics` in one format: plans families,
 * then renders them, yielding chunks of about `chunkSize` characters.
 */
export class Exposition {
  private out = '';
  private readonly om: boolean;
  private readonly labels: LabelRenderer;
  private reserved: ReadonlySet<string> = new Set();
  private reservedWindow: ReadonlySet<string> = new Set();
  private reservedOutcome: ReadonlySet<string> = new Set();
  private reservedOverflow: ReadonlySet<string> = new Set();
  /** `le` texts of the last boundaries seen: the points of one histogram share their boundaries array. */
  private leFor: readonly number[] | undefined;
  private leTexts: string[] = [];

  constructor(
    private readonly options: ResolvedOptions,
    private readonly caches: SerializerCaches,
    format: ExpositionFormat,
    private readonly chunkSize: number,
  ) {
    this.om = format === 'openmetrics';
    this.labels = new LabelRenderer(caches.labelNames);
  }

  *render(resourceMetrics: ResourceMetrics): Generator<string, void, undefined> {
    const resourceAttributes = resourceMetrics.resource.attributes;
    const constant = this.constantLabels(resourceAttributes);
    // `le` and `quantile` are renamed on every family, not only histograms and
    // summaries: Prometheus tooling (promtool lint) flags them anywhere else.
    const reserved = new Set<string>(constant.names);
    reserved.add('le');
    reserved.add('quantile');
    if (this.options.withScopeLabels) {
      reserved.add('otel_scope_name');
      reserved.add('otel_scope_version');
    }
    this.reserved = reserved;
    this.reservedWindow = withName(reserved, 'window');
    this.reservedOutcome = withName(reserved, 'outcome');
    this.reservedOverflow = withName(reserved, 'otel_metric_overflow');

    const plan = new FamilyPlan(this.caches.warnedMetadata);
    const targetBody = this.options.withTargetInfo ? this.labels.render(resourceAttributes, TARGET_INFO_RESERVED) : '';
    if (targetBody.length > 0) {
      // Reserve the name so a user metric cannot produce a second block.
      plan.add('info', 'target_info', 'target', '', 'Target metadata', { source: { kind: 'target_info' }, fixedLabels: targetBody }, 'target_info');
    }
    for (const scopeMetrics of resourceMetrics.scopeMetrics) {
      let fixed = '';
      if (this.options.withScopeLabels) {
        fixed = 'otel_scope_name="' + escapeLabelValue(scopeMetrics.scope.name) + '"';
        const version = scopeMetrics.scope.version;
        if (version) fixed += ',otel_scope_version="' + escapeLabelValue(version) + '"';
      }
      fixed = joinLabels(fixed, constant.body);
      const { meterwork, plain } = splitMeterworkMetrics(scopeMetrics.metrics);
      for (const metric of plain) this.planMetric(plan, metric, fixed);
      for (const data of meterwork) this.planMeterwork(plan, data, fixed);
    }

    for (const family of plan.families) {
      yield* this.renderFamily(family);
    }
    if (this.om) this.out += '# EOF\n';
    if (this.out.length > 0) yield this.take();
  }

  private take(): string {
    const s = this.out;
    this.out = '';
    // Flatten the rope now (ToNumber flattens in V8, the `flatstr` trick) so
    // its thousands of small pieces die young: 100k series serialized in
    // ~50 ms instead of ~150-370 ms when they survived until the final join.
    void ((s as unknown as number) | 0);
    return s;
  }

  private constantLabels(attributes: Attributes): { body: string; names: string[] } {
    const config = this.options.resourceLabels;
    if (config === undefined) return { body: '', names: [] };
    const selected: Attributes = {};
    for (const key of Object.keys(attributes)) {
      if (config.include !== undefined && !matches(key, config.include)) continue;
      if (matches(key, config.exclude)) continue;
      selected[key] = attributes[key];
    }
    const body = this.labels.render(selected, CONSTANT_LABELS_RESERVED);
    const names: string[] = [];
    for (const part of body.length === 0 ? [] : splitLabelNames(body)) names.push(part);
    return { body, names };
  }

  private name(name: string, unit: string, kind: PrometheusNameKind): PrometheusName {
    const key = kind + '\u0000' + unit + '\u0000' + name;
    let result = this.caches.metricNames.get(key);
    if (result === undefined) {
      result = toPrometheusName(name, unit, kind, { withUnitSuffix: this.options.withUnitSuffix, withTotalSuffix: this.options.withTotalSuffix });
      if (this.caches.metricNames.size >= 10_000) this.caches.metricNames.clear();
      this.caches.metricNames.set(key, result);
    }
    return result;
  }

  private planMetric(plan: FamilyPlan, metric: MetricData, fixedLabels: string): void {
    const d = metric.descriptor;
    const cumulative = metric.aggregationTemporality === AggregationTemporality.CUMULATIVE;
    let type: FamilyType;
    let kind: 'sum' | 'gauge' | 'histogram' | 'exponential_histogram';
    switch (metric.dataPointType) {
      case DataPointType.SUM:
        type = metric.isMonotonic ? 'counter' : 'gauge';
        kind = 'sum';
        break;
      case DataPointType.GAUGE:
        type = 'gauge';
        kind = 'gauge';
        break;
      case DataPointType.HISTOGRAM:
        type = 'histogram';
        kind = 'histogram';
        break;
      case DataPointType.EXPONENTIAL_HISTOGRAM:
        type = 'histogram';
        kind = 'exponential_histogram';
        break;
      default:
        return;
    }
    if (!cumulative && kind !== 'gauge') {
      diag.warn(`@meterwork/exporter-prometheus: dropping metric '${d.name}': delta temporality cannot be exposed to Prometheus (use a cumulative temporality selector)`);
      return;
    }
    const n = this.name(d.name, d.unit, type === 'counter' ? 'counter' : type === 'gauge' ? 'gauge' : 'other');
    plan.add(type, n.name, n.familyName, n.unit, helpOf(d.description, d.name, n.name), { source: { kind, metric }, fixedLabels }, d.name);
  }

  private planMeterwork(plan: FamilyPlan, data: MeterworkMetricData, fixedLabels: string): void {
    const d = data.descriptor;
    const help = helpOf(d.description, d.name, sanitizeMetricName(d.name));
    const add = (type: FamilyType, n: { name: string; familyName: string; unit: string }, source: FamilyMember['source'], suffixHelp = '') =>
      plan.add(type, n.name, n.familyName, n.unit, help + suffixHelp, { source, fixedLabels }, d.name);
    const derived = (base: string, suffix: string) => {
      const name = joinName(base, suffix);
      return { name, familyName: name, unit: '' };
    };
    switch (data.kind) {
      case 'summary':
      case 'timer': {
        const n = this.name(d.name, data.kind === 'timer' ? d.unit || 's' : d.unit, 'other');
        add('summary', n, { kind: 'summary', data });
        if (data.kind === 'timer') add('gauge', derived(n.familyName, 'rate'), { kind: 'meter_rate', data }, ' (events per second)');
        return;
      }
      case 'meter': {
        const n = this.name(d.name, d.unit, 'counter');
        add('counter', n, { kind: 'meter_count', data });
        add('gauge', derived(n.familyName, 'rate'), { kind: 'meter_rate', data }, ' (per second)');
        return;
      }
      case 'gonogo': {
        const n = this.name(d.name, d.unit, 'other');
        // Counts are cumulative (since the series started); mean/min/max cover the current period.
        add('gauge', derived(n.familyName, 'outcomes'), { kind: 'gonogo_outcomes', data }, ' (events by outcome since the series started)');
        for (const stat of ['mean', 'min', 'max'] as const) {
          add('gauge', derived(n.familyName, stat), { kind: 'gonogo_stat', data, stat }, ` (${stat} in the current period by outcome)`);
        }
        add('gauge', derived(n.familyName, 'outliers'), { kind: 'gonogo_outliers', data }, ' (outliers since the series started)');
        return;
      }
      case 'tagged_histogram': {
        const n = this.name(d.name, d.unit, 'counter');
        add('counter', n, { kind: 'tagged', data });
        return;
      }
    }
  }

  private *renderFamily(family: Family): Generator<string, void, undefined> {
    const om = this.om;
    const headerName = om ? family.familyName : family.name;
    const type = family.type === 'info' && !om ? 'gauge' : family.type;
    this.out += '# HELP ' + headerName + ' ' + escapeHelp(family.help, om) + '\n# TYPE ' + headerName + ' ' + type + '\n';
    if (om && family.unit.length > 0) this.out += '# UNIT ' + headerName + ' ' + family.unit + '\n';
    if (family.type === 'info') {
      this.out += (om ? family.familyName + '_info' : family.name) + '{' + family.members[0].fixedLabels + '} 1\n';
      return;
    }
    for (const member of family.members) {
      yield* this.renderMember(family, member);
    }
  }

  private *renderMember(family: Family, member: FamilyMember): Generator<string, void, undefined> {
    const source = member.source;
    switch (source.kind) {
      case 'target_info':
        return;
      case 'sum':
      case 'gauge':
        if (family.type === 'counter') yield* this.renderCounter(family, source.metric.dataPoints as ReadonlyArray<{ attributes: Attributes; startTime: [number, number]; value: number }>, member.fixedLabels, (v) => v);
        else yield* this.renderGauge(family.name, source.metric.dataPoints as ReadonlyArray<{ attributes: Attributes; value: number }>, member.fixedLabels);
        return;
      case 'histogram':
      case 'exponential_histogram': {
        const exp = source.kind === 'exponential_histogram';
        for (const point of source.metric.dataPoints) {
          const value = exp ? exponentialToExplicit(point.value as never, this.options.maxExponentialBuckets) : (point.value as Histogram);
          this.writeHistogram(family.name, this.labels.render(point.attributes, this.reserved), member.fixedLabels, value, point.startTime);
          if (this.out.length >= this.chunkSize) yield this.take();
        }
        return;
      }
      case 'summary':
        for (const point of source.data.points) {
          this.writeSummary(family.name, joinLabels(this.labels.render(point.attributes, this.reserved), member.fixedLabels), point.value as SummaryValue, point.startTime);
          if (this.out.length >= this.chunkSize) yield this.take();
        }
        return;
      case 'meter_count':
        yield* this.renderCounter(family, source.data.points as ReadonlyArray<{ attributes: Attributes; startTime: [number, number]; value: MeterValue }>, member.fixedLabels, (v: MeterValue) => v.count);
        return;
      case 'meter_rate':
        for (const point of source.data.points) {
          const rates = source.data.kind === 'timer' ? (point.value as { rates: MeterValue }).rates : (point.value as MeterValue);
          const labels = joinLabels(this.labels.render(point.attributes, this.reservedWindow), member.fixedLabels);
          for (const [window, key] of RATE_WINDOWS) {
            this.out += family.name + '{' + joinLabels(labels, 'window="' + window + '"') + '} ' + formatNumber(rates[key]) + '\n';
          }
          if (this.out.length >= this.chunkSize) yield this.take();
        }
        return;
      case 'gonogo_outcomes':
      case 'gonogo_stat':
        for (const point of source.data.points) {
          const value = point.value as { go: GoNoGoStats; noGo: GoNoGoStats };
          const labels = this.labels.render(point.attributes, this.reservedOutcome);
          const stat = source.kind === 'gonogo_stat' ? source.stat : 'count';
          const base = joinLabels(labels, member.fixedLabels);
          // An outcome with no values in the current period has no mean/min/max: not exposed.
          const go = value.go[stat];
          const noGo = value.noGo[stat];
          if (go !== undefined) this.out += family.name + '{' + joinLabels(base, 'outcome="go"') + '} ' + formatNumber(go) + '\n';
          if (noGo !== undefined) this.out += family.name + '{' + joinLabels(base, 'outcome="no_go"') + '} ' + formatNumber(noGo) + '\n';
          if (this.out.length >= this.chunkSize) yield this.take();
        }
        return;
      case 'gonogo_outliers':
        for (const point of source.data.points) {
          const labels = braces(this.labels.render(point.attributes, this.reserved), member.fixedLabels);
          this.out += family.name + labels + ' ' + formatNumber((point.value as { outliers: number }).outliers) + '\n';
          if (this.out.length >= this.chunkSize) yield this.take();
        }
        return;
      case 'tagged':
        for (const point of source.data.points) {
          const value = point.value as { overflow: number; tagSets: ReadonlyArray<{ tags: Attributes; count: number }> };
          const sample = this.om ? joinName(family.familyName, 'total') : family.name;
          for (const tagSet of value.tagSets) {
            const labels = braces(this.labels.render({ ...point.attributes, ...tagSet.tags }, this.reservedOverflow), member.fixedLabels);
            this.out += sample + labels + ' ' + formatNumber(tagSet.count) + '\n';
            if (this.om) this.writeCreated(family.familyName, labels, point.startTime);
          }
          if (value.overflow > 0) {
            const labels = '{' + joinLabels(joinLabels(this.labels.render(point.attributes, this.reservedOverflow), member.fixedLabels), 'otel_metric_overflow="true"') + '}';
            this.out += sample + labels + ' ' + formatNumber(value.overflow) + '\n';
            if (this.om) this.writeCreated(family.familyName, labels, point.startTime);
          }
          if (this.out.length >= this.chunkSize) yield this.take();
        }
        return;
    }
  }

  private *renderCounter<V>(family: Family, points: ReadonlyArray<{ attributes: Attributes; startTime: readonly [number, number]; value: V }>, fixed: string, read: (v: V) => number): Generator<string, void, undefined> {
    const reserved = this.reserved;
    const chunkSize = this.chunkSize;
    if (this.om) {
      const sample = joinName(family.familyName, 'total');
      for (let i = 0; i < points.length; i++) {
        const point = points[i];
        const labels = braces(this.labels.render(point.attributes, reserved), fixed);
        this.out += sample + labels + ' ' + formatNumber(read(point.value)) + '\n';
        this.writeCreated(family.familyName, labels, point.startTime);
        if (this.out.length >= chunkSize) yield this.take();
      }
      return;
    }
    const name = family.name;
    for (let i = 0; i < points.length; i++) {
      const point = points[i];
      this.out += name + braces(this.labels.render(point.attributes, reserved), fixed) + ' ' + formatNumber(read(point.value)) + '\n';
      if (this.out.length >= chunkSize) yield this.take();
    }
  }

  private *renderGauge(name: string, points: ReadonlyArray<{ attributes: Attributes; value: number }>, fixed: string): Generator<string, void, undefined> {
    const reserved = this.reserved;
    const chunkSize = this.chunkSize;
    for (let i = 0; i < points.length; i++) {
      const point = points[i];
      this.out += name + braces(this.labels.render(point.attributes, reserved), fixed) + ' ' + formatNumber(point.value) + '\n';
      if (this.out.length >= chunkSize) yield this.take();
    }
  }

  private writeCreated(familyName: string, labels: string, startTime: readonly [number, number] | undefined): void {
    if (startTime === undefined || (startTime[0] === 0 && startTime[1] === 0)) return;
    this.out += familyName + '_created' + labels + ' ' + hrTimeToSeconds(startTime) + '\n';
  }

  private writeHistogram(name: string, attrs: string, fixed: string, value: Histogram, startTime: readonly [number, number]): void {
    const base = joinLabels(attrs, fixed);
    const prefix = name + '_bucket{' + (base.length === 0 ? '' : base + ',') + 'le="';
    const { boundaries, counts } = value.buckets;
    if (boundaries !== this.leFor) {
      this.leFor = boundaries;
      this.leTexts = boundaries.map((b) => formatNumber(b) + '"} ');
    }
    const le = this.leTexts;
    let cumulative = 0;
    let out = '';
    for (let i = 0; i < boundaries.length; i++) {
      cumulative += counts[i] ?? 0;
      out += prefix + le[i] + formatNumber(cumulative) + '\n';
    }
    out += prefix + '+Inf"} ' + formatNumber(value.count) + '\n';
    const labels = braces(base, '');
    if (value.sum !== undefined && histogramSumIsMonotonic(value)) out += name + '_sum' + labels + ' ' + formatNumber(value.sum) + '\n';
    out += name + '_count' + labels + ' ' + formatNumber(value.count) + '\n';
    this.out += out;
    if (this.om) this.writeCreated(name, labels, startTime);
  }

  private writeSummary(name: string, base: string, value: SummaryValue, startTime: readonly [number, number]): void {
    const prefix = name + '{' + (base.length === 0 ? '' : base + ',') + 'quantile="';
    let out = '';
    for (const q of value.quantiles) out += prefix + formatNumber(q.quantile) + '"} ' + formatNumber(q.value) + '\n';
    const labels = braces(base, '');
    out += name + '_sum' + labels + ' ' + formatNumber(value.sum) + '\n';
    out += name + '_count' + labels + ' ' + formatNumber(value.count) + '\n';
    this.out += out;
    if (this.om) this.writeCreated(name, labels, startTime);
  }
}

/**
 * The spec exposes a histogram's `_sum` only when it is monotonic: no negative
 * observations and no negative bucket (OTel "all buckets are positive";
 * OpenMetrics forbids a Sum next to a negative threshold).
 */
export function histogramSumIsMonotonic(value: Histogram): boolean {
  if (value.min !== undefined && value.min < 0) return false;
  const boundaries = value.buckets.boundaries;
  return boundaries.length === 0 || boundaries[0] >= 0;
}

/** Label names of a rendered body `a="x",b="y"` (values are escaped, so `"` only appears escaped inside). */
function splitLabelNames(body: string): string[] {
  const names: string[] = [];
  const re = /([a-zA-Z_][a-zA-Z0-9_]*)="(?:[^"\\]|\\.)*"/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body)) !== null) names.push(m[1]);
  return names;
}
