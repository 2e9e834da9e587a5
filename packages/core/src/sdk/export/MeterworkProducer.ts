import type { CollectionResult, MetricCollectOptions, MetricData, MetricProducer, ResourceMetrics, ScopeMetrics } from '@opentelemetry/sdk-metrics';
import { AggregationTemporality, InstrumentType, type AggregationTemporalitySelector } from '@opentelemetry/sdk-metrics';
import type { MeterworkMetricData } from '../data/types';
import type { StorageRegistry } from '../storage/StorageRegistry';
import { nowHrTime } from '../storage/time';
import type { SyncInstrumentType } from '../aggregator/types';
import { InvalidOptionError } from '../../options/errors';
import { DeltaState } from './DeltaState';
import { encodeStandard } from './encodeStandard';

type Resource = ResourceMetrics['resource'];

/** A `MetricReader` keeps its SDK's resource when merging producers' results,
 * so ours is never shown; an empty one satisfies the type without depending
 * on `@opentelemetry/resources`. */
const EMPTY_RESOURCE: Resource = {
  attributes: {},
  asyncAttributesPending: false,
  waitForAsyncAttributes: async () => undefined,
  merge(other: Resource | null): Resource {
    return other ?? EMPTY_RESOURCE;
  },
  getRawAttributes: () => [],
} as unknown as Resource;

const INSTRUMENT_TYPES: Record<SyncInstrumentType, InstrumentType> = {
  counter: InstrumentType.COUNTER,
  histogram: InstrumentType.HISTOGRAM,
  up_down_counter: InstrumentType.UP_DOWN_COUNTER,
  gauge: InstrumentType.GAUGE,
};

/**
 * A reader may say what meterwork producer it needs under this key (e.g. a
 * Node cluster worker's reader: `{ includeSamples: true }`);
 * `Meterwork.createMeterProvider` gives it one made with these options.
 */
export const ProducerOptionsKey: unique symbol = Symbol.for('meterwork.producerOptions') as never;

/** The producer options a reader asks for under {@link ProducerOptionsKey}, if any. */
export function producerOptionsOf(reader: unknown): MeterworkProducerOptions {
  const options = (reader as { [ProducerOptionsKey]?: unknown } | null)?.[ProducerOptionsKey];
  return options !== null && typeof options === 'object' ? (options as MeterworkProducerOptions) : {};
}

/** Options of `Meterwork.createProducer`. */
export interface MeterworkProducerOptions {
  /**
   * Temporality of our counts and sums, as the reader that collects this
   * producer asks for it: one value, or OTel's selector by instrument type
   * (e.g. `(type) => reader.selectAggregationTemporality(type)`). DELTA
   * reports counts and sums since this producer's previous collection
   * (go/no-go counts and sums, tagged histogram counts, meter counts,
   * summary and timer count/sum); quantiles, rates, min, max and means are
   * the same either way.
   * @default AggregationTemporality.CUMULATIVE
   */
  readonly temporality?: AggregationTemporality | AggregationTemporalitySelector | undefined;
  /** Fill `SummaryValue.samples` (and `sampleWeights`) so several processes'
   * summaries can be merged (Node cluster's worker producer).
   * @default false */
  readonly includeSamples?: boolean | undefined;
  /** @internal After `Meterwork.shutdown()` the producer returns no data. */
  readonly isShutdown?: (() => boolean) | undefined;
}

/**
 * Hands meterwork data to one OTel `MetricReader` through its
 * `metricProducers` option, as standard `MetricData` (see `encodeStandard`)
 * carrying the rich form for our bridges. Give each reader its own producer
 * (`Meterwork.createProducer`): a delta producer remembers what it reported
 * last, and OTel does not tell a producer which reader collects it.
 */
export class MeterworkProducer implements MetricProducer {
  private readonly _includeSamples: boolean;
  private readonly _isShutdown: () => boolean;
  private readonly _temporality: AggregationTemporalitySelector;
  private readonly _delta = new DeltaState();

  constructor(
    private readonly _registry: StorageRegistry,
    options: MeterworkProducerOptions = {},
  ) {
    this._includeSamples = options.includeSamples ?? false;
    this._isShutdown = options.isShutdown ?? (() => false);
    const temporality = options.temporality ?? AggregationTemporality.CUMULATIVE;
    this._temporality = typeof temporality === 'function' ? temporality : () => temporality;
  }

  async collect(_options?: MetricCollectOptions): Promise<CollectionResult> {
    const endTime = nowHrTime();
    const scopeMetrics: ScopeMetrics[] = [];
    const errors: unknown[] = [];
    if (this._isShutdown()) return { resourceMetrics: { resource: EMPTY_RESOURCE, scopeMetrics }, errors };
    for (const { scope, storages } of this._registry.scopes()) {
      const metrics: MetricData[] = [];
      for (const storage of storages) {
        try {
          let data = storage.collect(endTime, this._includeSamples);
          if (data === undefined) continue;
          const temporality = this._temporality(INSTRUMENT_TYPES[storage.instrumentType]);
          if (temporality === AggregationTemporality.DELTA) data = this._delta.delta(storage, data);
          metrics.push(...encodeStandard(data, storage.nonNegative, temporality));
        } catch (err) {
          errors.push(err);
        }
      }
      if (metrics.length > 0) scopeMetrics.push({ scope, metrics });
    }
    for (const source of this._registry.sources()) {
      const metrics: MetricData[] = [];
      try {
        for (const item of source.collect(endTime)) {
          if (!isRich(item)) {
            metrics.push(item);
            continue;
          }
          let data = item;
          // Source sums only grow; a reader's preference for histograms stands for them.
          const temporality = this._temporality(InstrumentType.HISTOGRAM);
          if (temporality === AggregationTemporality.DELTA) data = this._delta.delta(data.descriptor, data);
          metrics.push(...encodeStandard(data, true, temporality));
        }
      } catch (err) {
        errors.push(err);
      }
      if (metrics.length > 0)
        scopeMetrics.push({
          scope: source.scope.version === undefined ? { name: source.scope.name } : { name: source.scope.name, version: source.scope.version },
          metrics,
        });
    }
    this._delta.commit();
    return { resourceMetrics: { resource: EMPTY_RESOURCE, scopeMetrics }, errors };
  }
}

function isRich(item: MeterworkMetricData | MetricData): item is MeterworkMetricData {
  return typeof (item as { kind?: unknown }).kind === 'string' && (item as { points?: unknown }).points !== undefined;
}

const OWNER = 'Meterwork.createProducer';

/** Checks the user-facing options of a producer. */
export function validateProducerOptions(options: MeterworkProducerOptions): MeterworkProducerOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError(OWNER, 'options', 'must be an object', options);
  const { temporality, includeSamples } = options;
  if (
    temporality !== undefined &&
    typeof temporality !== 'function' &&
    temporality !== AggregationTemporality.DELTA &&
    temporality !== AggregationTemporality.CUMULATIVE
  ) {
    throw new InvalidOptionError(
      OWNER,
      'temporality',
      'must be AggregationTemporality.DELTA, AggregationTemporality.CUMULATIVE or a selector function',
      temporality,
    );
  }
  if (includeSamples !== undefined && typeof includeSamples !== 'boolean')
    throw new InvalidOptionError(OWNER, 'includeSamples', 'must be a boolean', includeSamples);
  return { temporality, includeSamples };
}
