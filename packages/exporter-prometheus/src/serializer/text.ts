import type { Attributes } from '@opentelemetry/api';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { joinName } from '../naming/metric-name';
import { monotonicSum } from '../model/kinds';
import type { LabelResolver } from '../model/labels';
import type { Family, FamilyModel, SeriesSink } from '../model/types';
import { escapeHelp, escapeLabelValue, formatNumber, hrTimeToSeconds, joinLabels } from './format';
import type { ExpositionFormat } from './types';

/**
 * Renders a {@link FamilyModel} as Prometheus text 0.0.4 or OpenMetrics
 * 1.0.0, yielding chunks of about `chunkSize` characters so a consumer that
 * writes each chunk before pulling the next keeps memory bounded.
 */
export class TextRenderer implements SeriesSink {
  private out = '';
  private readonly om: boolean;
  private readonly created: boolean;
  // State of the family member being rendered, read by the SampleSink methods.
  private sampleName = '';
  private createdName = '';
  private writeCreated = false;
  private fixed = '';
  private reserved: ReadonlySet<string> = new Set();
  private attributes: Attributes = {};
  private label = '';
  private startTime: readonly [number, number] = [0, 0];
  /** `le` texts of the last boundaries seen: the points of one histogram share their boundaries array. */
  private leFor: readonly number[] | undefined;
  private leTexts: string[] = [];

  constructor(
    private readonly labels: LabelResolver,
    format: ExpositionFormat,
    withCreated: boolean,
    private readonly chunkSize: number,
  ) {
    this.om = format === 'openmetrics';
    this.created = this.om && withCreated;
  }

  *render(model: FamilyModel): Generator<string, void, undefined> {
    for (const family of model.families) {
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

  private *renderFamily(family: Family): Generator<string, void, undefined> {
    const om = this.om;
    const headerName = om ? family.familyName : family.name;
    const type = family.type === 'info' && !om ? 'gauge' : family.type;
    this.out += '# HELP ' + headerName + ' ' + escapeHelp(family.help, om) + '\n# TYPE ' + headerName + ' ' + type + '\n';
    if (om && family.unit.length > 0) this.out += '# UNIT ' + headerName + ' ' + family.unit + '\n';
    if (family.infoLabels !== undefined) {
      this.out += (om ? family.familyName + '_info' : family.name) + '{' + family.infoLabels.body + '} 1\n';
      return;
    }
    const counter = family.type === 'counter';
    this.sampleName = om && counter ? joinName(family.familyName, 'total') : family.name;
    this.createdName = (counter ? family.familyName : family.name) + '_created';
    this.writeCreated = this.created && counter;
    const chunkSize = this.chunkSize;
    for (const member of family.members) {
      const layout = member.layout;
      this.fixed = member.scope.body;
      this.reserved = member.scope.reserved(layout.label);
      this.label = layout.label ?? '';
      const points = member.points;
      for (let i = 0; i < points.length; i++) {
        const point = points[i];
        this.startTime = point.startTime;
        this.attributes = point.attributes;
        layout.samples(point.value, this);
        if (this.out.length >= chunkSize) yield this.take();
      }
    }
  }

  sample(value: number, labelValue?: string): void {
    this.write(this.attributes, value, labelValue);
  }

  tagSet(tags: Attributes, value: number): void {
    this.write({ ...this.attributes, ...tags }, value, undefined);
  }

  private write(attributes: Attributes, value: number, labelValue: string | undefined): void {
    let body = joinLabels(this.labels.body(attributes, this.reserved), this.fixed);
    if (labelValue !== undefined) body = joinLabels(body, this.label + '="' + escapeLabelValue(labelValue) + '"');
    const labels = body.length === 0 ? '' : '{' + body + '}';
    this.out += this.sampleName + labels + ' ' + formatNumber(value) + '\n';
    if (this.writeCreated) this.created_(labels);
  }

  histogram(value: Histogram): void {
    const name = this.sampleName;
    const base = joinLabels(this.labels.body(this.attributes, this.reserved), this.fixed);
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
    const labels = base.length === 0 ? '' : '{' + base + '}';
    const sum = monotonicSum(value);
    if (sum !== undefined) out += name + '_sum' + labels + ' ' + formatNumber(sum) + '\n';
    out += name + '_count' + labels + ' ' + formatNumber(value.count) + '\n';
    this.out += out;
    if (this.created) this.created_(labels);
  }

  summary(quantiles: ReadonlyArray<{ readonly quantile: number; readonly value: number }>, sum: number, count: number): void {
    const name = this.sampleName;
    const base = joinLabels(this.labels.body(this.attributes, this.reserved), this.fixed);
    const prefix = name + '{' + (base.length === 0 ? '' : base + ',') + 'quantile="';
    let out = '';
    for (const q of quantiles) out += prefix + formatNumber(q.quantile) + '"} ' + formatNumber(q.value) + '\n';
    const labels = base.length === 0 ? '' : '{' + base + '}';
    out += name + '_sum' + labels + ' ' + formatNumber(sum) + '\n';
    out += name + '_count' + labels + ' ' + formatNumber(count) + '\n';
    this.out += out;
    if (this.created) this.created_(labels);
  }

  /** `<name>_created` (OpenMetrics): the start time of the series, when the SDK set one. */
  private created_(labels: string): void {
    const startTime = this.startTime;
    if (startTime[0] === 0 && startTime[1] === 0) return;
    this.out += this.createdName + labels + ' ' + hrTimeToSeconds(startTime) + '\n';
  }
}
