import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import {
  InvalidOptionError,
  type MeterworkDescriptor,
  type MeterworkMetricData,
  type MeterworkSource,
  type SummaryValue,
  type TaggedHistogramValue,
} from '@meterwork/core';
import type { Func } from '../func/Func';
import type { Registry } from '../registry/Registry';
import type { Dist } from '../values/Dist';
import { DistValue } from '../values/DistValue';
import { BoolVal } from '../values/BoolVal';
import { Event } from '../values/Event';
import { Counter } from '../values/Counter';
import type { MonkitValue } from '../values/types';
import { TASK_METRIC_NAMES as N } from './names';

/** Options of {@link createTasksMetricSource}. */
export interface TasksMetricSourceOptions {
  /**
   * Prefix of every metric name (`<prefix>.function.current`, ...); '' for none.
   * @default 'tasks'
   */
  readonly prefix?: string | undefined;
  /**
   * Quantiles of the duration and value summaries.
   * @default [0.1, 0.5, 0.9, 0.99] (monkit's r10, r50, r90, r99)
   */
  readonly quantiles?: readonly number[] | undefined;
  /**
   * The instrumentation scope name the metrics are reported under.
   * @default '@meterwork/tasks'
   */
  readonly scopeName?: string | undefined;
}

const OWNER = 'createTasksMetricSource';

/** Attribute objects of one function, the same at every collection (delta readers key series by identity). */
interface FuncAttributes {
  readonly fn: Attributes;
  readonly success: Attributes;
  readonly failure: Attributes;
  readonly errors: Map<string, Attributes>;
}

/**
 * The registry's statistics as meterwork metrics: give it to
 * `meterwork.addSource(...)` and every reader of that `Meterwork` (Prometheus,
 * InfluxDB, OTLP) reports them. See {@link TASK_METRIC_NAMES} for the names.
 *
 * ```ts
 * meterwork.addSource(createTasksMetricSource(registry));
 * ```
 */
export function createTasksMetricSource(registry: Registry, options: TasksMetricSourceOptions = {}): MeterworkSource {
  const prefix = options.prefix ?? 'tasks';
  if (typeof prefix !== 'string') throw new InvalidOptionError(OWNER, 'prefix', 'must be a string', prefix);
  const quantiles = options.quantiles ?? [0.1, 0.5, 0.9, 0.99];
  if (!Array.isArray(quantiles) || quantiles.some((q) => typeof q !== 'number' || !(q >= 0 && q <= 1))) {
    throw new InvalidOptionError(OWNER, 'quantiles', 'must be an array of numbers in [0, 1]', quantiles);
  }
  const sorted = quantiles.slice().sort((a, b) => a - b);
  const scopeName = options.scopeName ?? '@meterwork/tasks';
  const name = (n: string): string => (prefix === '' ? n : `${prefix}.${n}`);
  const d = (n: string, description: string, unit = '', valueType = ValueType.INT): MeterworkDescriptor => ({
    name: name(n),
    description,
    unit,
    valueType,
  });
  const descriptors = {
    current: d(N.current, 'Calls running now'),
    highwater: d(N.highwater, 'The most calls that ran at once'),
    successes: d(N.successes, 'Successful calls'),
    errors: d(N.errors, 'Failed calls that were not panics, by error name'),
    panics: d(N.panics, 'Calls that panicked'),
    duration: d(N.duration, 'Call durations', 's', ValueType.DOUBLE),
  };
  const valueDescriptors = new Map<string, MeterworkDescriptor>();
  const valueAttributes = new Map<string, Attributes>();
  const funcAttributes = new WeakMap<Func, FuncAttributes>();
  const startTime = hrTime(registry.now());

  const attrsOf = (f: Func): FuncAttributes => {
    let a = funcAttributes.get(f);
    if (a === undefined) {
      const base = { scope: f.scope.name, name: f.name };
      a = { fn: base, success: { ...base, kind: 'success' }, failure: { ...base, kind: 'failure' }, errors: new Map() };
      funcAttributes.set(f, a);
    }
    return a;
  };
  const errorAttrs = (a: FuncAttributes, errorName: string): Attributes => {
    let e = a.errors.get(errorName);
    if (e === undefined) a.errors.set(errorName, (e = { ...a.fn, error_name: errorName }));
    return e;
  };
  const valueDescriptor = (v: MonkitValue, suffix = ''): MeterworkDescriptor => {
    const key = `${v.kind}\u0000${v.name}${suffix}`;
    let desc = valueDescriptors.get(key);
    if (desc === undefined) {
      const unit = v.kind === 'duration' ? 's' : '';
      const type = v.kind === 'float' || v.kind === 'duration' ? ValueType.DOUBLE : ValueType.INT;
      valueDescriptors.set(key, (desc = d(`${N.value}.${sanitize(v.name)}${suffix}`, `monkit ${v.kind} value ${v.name}`, unit, type)));
    }
    return desc;
  };
  const scopeAttrs = (scope: string): Attributes => {
    let a = valueAttributes.get(scope);
    if (a === undefined) valueAttributes.set(scope, (a = { scope }));
    return a;
  };

  return {
    scope: { name: scopeName },
    collect(endTime: HrTime): Array<MeterworkMetricData | MetricData> {
      const funcs = registry.funcs();
      const out: Array<MeterworkMetricData | MetricData> = [];
      if (funcs.length > 0) {
        const current = [];
        const highwater = [];
        const successes = [];
        const errors = [];
        const panics = [];
        const durations = [];
        for (const f of funcs) {
          const a = attrsOf(f);
          current.push({ attributes: a.fn, startTime: endTime, endTime, value: f.current });
          highwater.push({ attributes: a.fn, startTime: endTime, endTime, value: f.highwater });
          successes.push({ tags: a.fn, count: f.success });
          for (const [errorName, count] of f.errors()) errors.push({ tags: errorAttrs(a, errorName), count });
          panics.push({ tags: a.fn, count: f.panics });
          durations.push({ attributes: a.success, startTime, endTime, value: summaryOf(f.successTimes, sorted) });
          durations.push({ attributes: a.failure, startTime, endTime, value: summaryOf(f.failureTimes, sorted) });
        }
        out.push(gauge(descriptors.current, current), gauge(descriptors.highwater, highwater));
        out.push(tagged(descriptors.successes, successes, startTime, endTime));
        if (errors.length > 0) out.push(tagged(descriptors.errors, errors, startTime, endTime));
        out.push(tagged(descriptors.panics, panics, startTime, endTime));
        out.push({ kind: 'summary', descriptor: descriptors.duration, points: durations });
      }
      for (const s of registry.scopes()) {
        const attributes = scopeAttrs(s.name);
        for (const v of s.values()) {
          if (v instanceof DistValue) {
            out.push({ kind: 'summary', descriptor: valueDescriptor(v), points: [{ attributes, startTime, endTime, value: summaryOf(v.dist, sorted) }] });
          } else if (v instanceof BoolVal) {
            const tags = boolTags(attributes);
            out.push(
              tagged(
                valueDescriptor(v),
                [
                  { tags: tags.false, count: v.falseCount },
                  { tags: tags.true, count: v.trueCount },
                ],
                startTime,
                endTime,
              ),
            );
          } else if (v instanceof Event) {
            out.push({ kind: 'meter', descriptor: valueDescriptor(v), points: [{ attributes, startTime, endTime, value: v.meter.snapshot() }] });
          } else if (v instanceof Counter) {
            out.push(gauge(valueDescriptor(v), [{ attributes, startTime: endTime, endTime, value: v.value }]));
            out.push(gauge(valueDescriptor(v, '.high'), [{ attributes, startTime: endTime, endTime, value: v.high }]));
            out.push(gauge(valueDescriptor(v, '.low'), [{ attributes, startTime: endTime, endTime, value: v.low }]));
          }
        }
      }
      return out;
    },
  };
}

const boolTagCache = new WeakMap<Attributes, { true: Attributes; false: Attributes }>();
function boolTags(scope: Attributes): { true: Attributes; false: Attributes } {
  let t = boolTagCache.get(scope);
  if (t === undefined) boolTagCache.set(scope, (t = { true: { ...scope, value: 'true' }, false: { ...scope, value: 'false' } }));
  return t;
}

/** OTel instrument-name characters; anything else becomes `_`. */
function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9_.\-/]/g, '_');
}

function hrTime(millis: number): HrTime {
  const seconds = Math.floor(millis / 1000);
  return [seconds, Math.round((millis - seconds * 1000) * 1e6)];
}

function summaryOf(dist: Dist, quantiles: readonly number[]): SummaryValue {
  const s = dist.snapshot();
  return {
    count: dist.count,
    sum: dist.sum,
    min: s.min,
    max: s.max,
    mean: s.mean,
    stdDev: s.stdDev,
    dropped: s.dropped,
    quantiles: quantiles.map((quantile) => ({ quantile, value: s.quantile(quantile) })),
  };
}

function gauge(descriptor: MeterworkDescriptor, dataPoints: Array<{ attributes: Attributes; startTime: HrTime; endTime: HrTime; value: number }>): MetricData {
  return { descriptor, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.GAUGE, dataPoints };
}

function tagged(descriptor: MeterworkDescriptor, tagSets: Array<{ tags: Attributes; count: number }>, startTime: HrTime, endTime: HrTime): MeterworkMetricData {
  let total = 0;
  for (const t of tagSets) total += t.count;
  const value: TaggedHistogramValue = { total, overflow: 0, tagSets };
  return { kind: 'tagged_histogram', descriptor, points: [{ attributes: {}, startTime, endTime, value }] };
}
