import { diag, type Attributes } from '@opentelemetry/api';
import { splitMeterworkMetrics, type MeterworkMetricData } from '@meterwork/core';
import type { MetricData, MetricDescriptor, ResourceMetrics, ScopeMetrics } from '@opentelemetry/sdk-metrics';
import { joinName, toPrometheusName, type PrometheusName, type PrometheusNameKind } from '../naming/metric-name';
import { LabelNameCache, sanitizeMetricName } from '../naming/sanitize';
import { meterworkFamilies, otelFamilies, type MetricFamilies } from './kinds';
import { labelBody, LabelResolver, type LabelPairs } from './labels';
import type { AttributeKeyMatcher, ResolvedModelOptions } from './options';
import { FamilyPlan } from './plan';
import type { FamilyModel, LabelSet, ModelPoint, ScopeLabels } from './types';

type Pairs = LabelPairs;

/** promtool flags `le` / `quantile` on any other family, target_info included. */
const TARGET_INFO_RESERVED: ReadonlySet<string> = new Set(['le', 'quantile']);
const SCOPE_LABELS = ['otel_scope_name', 'otel_scope_version', 'otel_scope_schema_url'];
/** Resource attributes copied onto series must not take a label the exporter adds. */
const CONSTANT_LABELS_RESERVED: ReadonlySet<string> = new Set(['le', 'quantile', ...SCOPE_LABELS, 'window', 'outcome', 'otel_metric_overflow']);
const MAX_CACHED_NAMES = 10_000;

/** HELP text: the description, else the instrument name, else the Prometheus name (promtool flags empty HELP). */
function helpOf(description: string, name: string, prometheusName: string): string {
  if (NON_BLANK.test(description)) return description;
  return NON_BLANK.test(name) ? name : prometheusName;
}
// Go (promtool) also trims U+0085 (NEL), which JS \s does not match.
const NON_BLANK = /[^\s\u0085]/;

function matches(key: string, matchers: readonly AttributeKeyMatcher[]): boolean {
  for (const m of matchers) {
    if (typeof m === 'string' ? m === key : m.test(key)) return true;
  }
  return false;
}

function labelSet(pairs: Pairs): LabelSet {
  return { body: labelBody(pairs), pairs };
}

/** Scope labels plus the label names attributes must not take, per label a layout adds (built lazily, a few per collection). */
class ResolvedScope implements ScopeLabels {
  readonly body: string;
  readonly pairs: ReadonlyArray<readonly [string, string]>;
  private readonly withAdded = new Map<string, ReadonlySet<string>>();

  constructor(
    labels: LabelSet,
    private readonly base: ReadonlySet<string>,
  ) {
    this.body = labels.body;
    this.pairs = labels.pairs;
  }

  reserved(addedLabel: string | undefined): ReadonlySet<string> {
    if (addedLabel === undefined) return this.base;
    let set = this.withAdded.get(addedLabel);
    if (set === undefined) this.withAdded.set(addedLabel, (set = new Set([...this.base, addedLabel])));
    return set;
  }
}

/**
 * Builds the {@link FamilyModel} of a collection. Keeps caches of sanitised
 * label and metric names and of metadata conflicts already warned about
 * across collections (reuse one builder per output).
 */
export class ModelBuilder {
  readonly labels: LabelResolver;
  private readonly metricNames = new Map<string, PrometheusName>();
  private readonly warnedMetadata = new Set<string>();

  constructor(private readonly options: ResolvedModelOptions) {
    this.labels = new LabelResolver(new LabelNameCache());
  }

  build(resourceMetrics: ResourceMetrics): FamilyModel {
    const resourceAttributes = resourceMetrics.resource.attributes;
    const constant = this.constantLabels(resourceAttributes);
    const plan = new FamilyPlan(this.warnedMetadata);
    if (this.options.withTargetInfo) {
      const target = this.labels.pairs(resourceAttributes, TARGET_INFO_RESERVED);
      // Reserve the name so a user metric cannot produce a second block.
      if (target.length > 0) plan.add('info', 'target_info', 'target', '', 'Target metadata', undefined, 'target_info', labelSet(target));
    }
    // `le` and `quantile` are renamed on every family, not only histograms and
    // summaries: Prometheus tooling (promtool lint) flags them anywhere else.
    const reserved = new Set<string>(['le', 'quantile']);
    for (const [name] of constant) reserved.add(name);
    if (this.options.withScopeLabels) for (const name of SCOPE_LABELS) reserved.add(name);
    const plainScope = this.options.withScopeLabels ? undefined : new ResolvedScope(labelSet(constant), reserved);
    for (const scopeMetrics of resourceMetrics.scopeMetrics) {
      const scope = plainScope ?? this.scopeLabels(scopeMetrics, constant, reserved);
      const { meterwork, plain } = splitMeterworkMetrics(scopeMetrics.metrics);
      for (const metric of plain) this.addMetric(plan, metric, scope);
      for (const data of meterwork) this.addMeterwork(plan, data, scope);
    }
    return { families: plan.families };
  }

  /** `otel_scope_name`, `otel_scope_version`, `otel_scope_schema_url` and scope attributes as `otel_scope_<key>` (spec), then the constant labels. */
  private scopeLabels(scopeMetrics: ScopeMetrics, constant: Pairs, reserved: ReadonlySet<string>): ScopeLabels {
    const scope = scopeMetrics.scope;
    const pairs: Pairs = [['otel_scope_name', scope.name]];
    if (scope.version) pairs.push(['otel_scope_version', scope.version]);
    if (scope.schemaUrl) pairs.push(['otel_scope_schema_url', scope.schemaUrl]);
    // sdk-metrics 2.x/3.x scopes have no attributes yet (the JS API takes none); the spec and OTLP do.
    const attributes = (scope as { attributes?: Attributes }).attributes;
    let scopeReserved = reserved;
    if (attributes !== undefined && attributes !== null && Object.keys(attributes).length > 0) {
      const prefixed: Attributes = {};
      for (const key of Object.keys(attributes)) prefixed['otel_scope_' + key] = attributes[key];
      const own = new Set(reserved);
      for (const pair of this.labels.pairs(prefixed, reserved)) {
        pairs.push(pair);
        own.add(pair[0]);
      }
      scopeReserved = own;
    }
    for (const pair of constant) pairs.push(pair);
    return new ResolvedScope(labelSet(pairs), scopeReserved);
  }

  private constantLabels(attributes: Attributes): Pairs {
    const config = this.options.resourceLabels;
    if (config === undefined) return [];
    const selected: Attributes = {};
    for (const key of Object.keys(attributes)) {
      if (config.include !== undefined && !matches(key, config.include)) continue;
      if (matches(key, config.exclude)) continue;
      selected[key] = attributes[key];
    }
    return this.labels.pairs(selected, CONSTANT_LABELS_RESERVED);
  }

  private name(name: string, unit: string, kind: PrometheusNameKind): PrometheusName {
    const key = kind + '\u0000' + unit + '\u0000' + name;
    let result = this.metricNames.get(key);
    if (result === undefined) {
      result = toPrometheusName(name, unit, kind, { withUnitSuffix: this.options.withUnitSuffix, withTotalSuffix: this.options.withTotalSuffix });
      if (this.metricNames.size >= MAX_CACHED_NAMES) this.metricNames.clear();
      this.metricNames.set(key, result);
    }
    return result;
  }

  private addMetric(plan: FamilyPlan, metric: MetricData, scope: ScopeLabels): void {
    const families = otelFamilies(metric, this.options.maxExponentialBuckets);
    if (families === undefined) return;
    if (families === 'delta') {
      const name = metric.descriptor.name;
      if (plan.firstWarning('DELTA\u0000' + name)) {
        diag.warn(
          `@meterwork/exporter-prometheus: dropping metric '${name}': delta temporality cannot be exposed to Prometheus (use a cumulative temporality selector; warned once per name)`,
        );
      }
      return;
    }
    this.addFamilies(plan, metric.descriptor, families, metric.dataPoints, scope);
  }

  private addMeterwork(plan: FamilyPlan, data: MeterworkMetricData, scope: ScopeLabels): void {
    const families = meterworkFamilies(data);
    if (families !== undefined) this.addFamilies(plan, data.descriptor, families, data.points, scope);
  }

  /** The families of one metric: the base name from the instrument name and unit, `<base>_<suffix>` for the others. */
  private addFamilies(plan: FamilyPlan, d: MetricDescriptor, metric: MetricFamilies, points: ReadonlyArray<ModelPoint>, scope: ScopeLabels): void {
    const base = this.name(d.name, metric.unit, metric.nameKind);
    const help = helpOf(d.description, d.name, metric.families[0]?.suffix === '' ? base.name : sanitizeMetricName(d.name));
    for (const f of metric.families) {
      let name = base.name;
      let familyName = base.familyName;
      let unit = base.unit;
      if (f.suffix.length > 0) {
        // A counter family with a suffix follows the counter naming rules like
        // a base counter: `<base>_outcomes_total` in text 0.0.4 (unless
        // withTotalSuffix is false), family `<base>_outcomes` in OpenMetrics.
        familyName = joinName(base.familyName, f.suffix);
        name = f.type === 'counter' && this.options.withTotalSuffix ? joinName(familyName, 'total') : familyName;
        unit = '';
      }
      plan.add(f.type, name, familyName, unit, help + f.help, { points, layout: f.layout, scope }, d.name);
    }
  }
}
