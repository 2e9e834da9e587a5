/**
 * Turns the tasks and the metric producer into numbered series and one frame
 * of values per sample. Series are only ever appended (a page learns each
 * once); cumulative counts become per-second rates between two samples.
 */
import { fullNameOf, sortFuncs } from '../present/funcs';
import type { PresentSource } from '../present/types';
import { sampleProducer, type SampledValue } from './sampleMetrics';
import type { Frame, SeriesInfo } from './types';
import type { MetricProducer } from '@opentelemetry/sdk-metrics';

const NANOS_PER_MILLI = 1e6;

export interface SamplerOptions {
  readonly source: PresentSource;
  readonly metricProducer: MetricProducer | undefined;
  readonly selected: (name: string) => boolean;
  readonly historyPoints: number;
}

export interface Sample {
  /** Series first seen in this sample (appended after the known ones). */
  readonly newSeries: SeriesInfo[];
  readonly frame: Frame;
}

export class DashboardSampler {
  readonly series: SeriesInfo[] = [];
  readonly frames: Frame[] = [];
  /** The last error collecting the producer (shown on the page), if the last collection failed. */
  lastError: string | undefined;
  private readonly indexOf = new Map<string, number>();
  private readonly previous = new Map<number, { value: number; t: number }>();

  constructor(private readonly options: SamplerOptions) {}

  async sample(nowMillis: number): Promise<Sample> {
    const values = this.taskValues();
    if (this.options.metricProducer !== undefined) {
      try {
        values.push(...(await sampleProducer(this.options.metricProducer, this.options.selected)));
        this.lastError = undefined;
      } catch (error) {
        this.lastError = `collecting the metric producer failed: ${(error as Error).message}`;
      }
    }
    const t = nowMillis / 1000;
    const newSeries: SeriesInfo[] = [];
    const v: Array<number | null> = [];
    for (const sv of values) {
      const key = sv.chart + '\u0000' + sv.label;
      let index = this.indexOf.get(key);
      if (index === undefined) {
        index = this.series.length;
        this.indexOf.set(key, index);
        const info = { chart: sv.chart, label: sv.label, unit: sv.unit };
        this.series.push(info);
        newSeries.push(info);
      }
      v[index] = this.valueOf(index, sv, t);
    }
    for (let i = 0; i < this.series.length; i++) if (v[i] === undefined) v[i] = null;
    const frame: Frame = { t, v };
    this.frames.push(frame);
    if (this.frames.length > this.options.historyPoints) this.frames.splice(0, this.frames.length - this.options.historyPoints);
    return { newSeries, frame };
  }

  private valueOf(index: number, sv: SampledValue, t: number): number | null {
    if (!Number.isFinite(sv.value)) return null;
    if (sv.rate !== true) return sv.value;
    const prev = this.previous.get(index);
    this.previous.set(index, { value: sv.value, t });
    if (prev === undefined || t <= prev.t) return null;
    return Math.max(0, (sv.value - prev.value) / (t - prev.t));
  }

  /** Success and failure rates and success latency quantiles (ms) per task. */
  private taskValues(): SampledValue[] {
    const out: SampledValue[] = [];
    for (const f of sortFuncs(this.options.source.funcs())) {
      const name = fullNameOf(f);
      if (!this.options.selected(name)) continue;
      let failures = f.panics;
      for (const e in f.errors) failures += f.errors[e];
      const rateChart = `task ${name} calls`;
      out.push({ chart: rateChart, label: 'success', unit: '/s', value: f.success, rate: true });
      out.push({ chart: rateChart, label: 'failure', unit: '/s', value: failures, rate: true });
      const latencyChart = `task ${name} latency`;
      for (const q of [0.5, 0.9, 0.99]) {
        out.push({ chart: latencyChart, label: `p${q * 100}`, unit: 'ms', value: f.successTimes.quantile(q) / NANOS_PER_MILLI });
      }
    }
    return out;
  }
}
