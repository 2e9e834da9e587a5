import type { Attributes } from '@opentelemetry/api';
import type { Histogram, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ModelBuilder } from '../model/build';
import { monotonicSum } from '../model/kinds';
import type { Family, SeriesSink } from '../model/types';
import { formatNumber } from '../serializer/format';

/**
 * The family model rendered as prom-client metric objects (what a prom-client
 * metric's `get()` returns): the same families, series, label order and values
 * as the text exposition (`target_info` as a gauge, as in text 0.0.4).
 */

export type PromClientType = 'counter' | 'gauge' | 'histogram' | 'summary';

export interface PromClientValue {
  readonly labels: Record<string, string>;
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

type Labels = Record<string, string>;

function withPairs(labels: Labels, pairs: ReadonlyArray<readonly [string, string]>): Labels {
  for (const [name, value] of pairs) labels[name] = value;
  return labels;
}

class PromClientRenderer implements SeriesSink {
  private values: PromClientValue[] = [];
  private name = '';
  private pairs: ReadonlyArray<readonly [string, string]> = [];
  private reserved: ReadonlySet<string> = new Set();
  private attributes: Attributes = {};
  private label = '';

  constructor(private readonly builder: ModelBuilder) {}

  family(family: Family): PromClientFamily {
    const values: PromClientValue[] = (this.values = []);
    this.name = family.name;
    if (family.infoLabels !== undefined) {
      values.push({ labels: withPairs({}, family.infoLabels.pairs), value: 1 });
    }
    for (const member of family.members) {
      this.pairs = member.scope.pairs;
      this.reserved = member.scope.reserved(member.layout.label);
      this.label = member.layout.label ?? '';
      for (const point of member.points) {
        this.attributes = point.attributes;
        member.layout.samples(point.value, this);
      }
    }
    return { name: family.name, help: family.help, type: family.type === 'info' ? 'gauge' : family.type, values };
  }

  /** The series' labels in the text order: attributes, scope and constant labels. */
  private labels(attributes: Attributes): Labels {
    return withPairs(withPairs({}, this.builder.labels.pairs(attributes, this.reserved)), this.pairs);
  }

  sample(value: number, labelValue?: string): void {
    const labels = this.labels(this.attributes);
    if (labelValue !== undefined) labels[this.label] = labelValue;
    this.values.push({ labels, value });
  }

  tagSet(tags: Attributes, value: number): void {
    this.values.push({ labels: this.labels({ ...this.attributes, ...tags }), value });
  }

  histogram(value: Histogram): void {
    const base = this.labels(this.attributes);
    const bucket = this.name + '_bucket';
    const { boundaries, counts } = value.buckets;
    let cumulative = 0;
    for (let i = 0; i < boundaries.length; i++) {
      cumulative += counts[i] ?? 0;
      this.values.push({ metricName: bucket, labels: { ...base, le: formatNumber(boundaries[i]) }, value: cumulative });
    }
    this.values.push({ metricName: bucket, labels: { ...base, le: '+Inf' }, value: value.count });
    const sum = monotonicSum(value);
    if (sum !== undefined) this.values.push({ metricName: this.name + '_sum', labels: base, value: sum });
    this.values.push({ metricName: this.name + '_count', labels: base, value: value.count });
  }

  summary(quantiles: ReadonlyArray<{ readonly quantile: number; readonly value: number }>, sum: number, count: number): void {
    const base = this.labels(this.attributes);
    for (const q of quantiles) this.values.push({ labels: { ...base, quantile: formatNumber(q.quantile) }, value: q.value });
    this.values.push({ metricName: this.name + '_sum', labels: base, value: sum });
    this.values.push({ metricName: this.name + '_count', labels: base, value: count });
  }
}

/** All families of one collection as prom-client objects, in model order. */
export function promClientFamilies(builder: ModelBuilder, resourceMetrics: ResourceMetrics): PromClientFamily[] {
  const renderer = new PromClientRenderer(builder);
  return builder.build(resourceMetrics).families.map((family) => renderer.family(family));
}
