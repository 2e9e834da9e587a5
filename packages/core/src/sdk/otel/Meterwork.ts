import { diag, ValueType, type Attributes, type MeterProvider, type MetricOptions } from '@opentelemetry/api';
import { MeterProvider as SdkMeterProvider, type MeterProviderOptions } from '@opentelemetry/sdk-metrics';
import type { Clock } from '../../clock';
import type { GoNoGoOutlierEvent } from '../../primitives/gonogo/GoNoGo';
import type { MeterworkSource } from '../export/MetricSource';
import { MeterworkProducer, producerOptionsOf, validateProducerOptions, type MeterworkProducerOptions } from '../export/MeterworkProducer';
import { createCellFactory } from '../aggregator/createCellFactory';
import { InstrumentStorage } from '../storage/InstrumentStorage';
import { StorageRegistry, type Scope } from '../storage/StorageRegistry';
import type { SyncInstrumentType } from '../aggregator/types';
import { AGGREGATION_INSTRUMENT_TYPES, aggregationFits } from '../view/instrumentFit';
import { ViewMatcher, type ViewMatch } from '../view/ViewMatcher';
import type {
  AttributeKeysFilter,
  GoNoGoOutliersOption,
  MeterworkAggregation,
  MeterworkView,
  ObservableInstrumentType,
  ViewInstrumentType,
} from '../view/types';
import { validateAggregation, validateViews } from '../view/validateViews';
import { InvalidOptionError } from '../../options/errors';
import { interceptSdkProducer, readerHasProducer } from './readerProducers';
import { watchReadersWithoutProducer } from './watchReaders';
import type { InstrumentResolver } from './WrappedMeter';
import { WrappedMeterProvider } from './WrappedMeterProvider';

/** OTel's default cardinality limit per instrument. */
export const DEFAULT_CARDINALITY_LIMIT = 2000;

/** OTel's instrument name syntax; other names are left to the SDK (which warns). */
const VALID_INSTRUMENT_NAME = /^[a-z][a-z0-9_.\-/]{0,254}$/i;

/** Our instrument types as sdk-metrics' `InstrumentType` spells them (views use these). */
const OTEL_INSTRUMENT_TYPE: Readonly<Record<SyncInstrumentType, ViewInstrumentType>> = {
  counter: 'COUNTER',
  up_down_counter: 'UP_DOWN_COUNTER',
  histogram: 'HISTOGRAM',
  gauge: 'GAUGE',
};

/** The instrument a storage aggregates, to tell a second registration of it from another instrument. */
interface StorageSource {
  /** Lower-cased name, type, unit and value type: OTel's identity of an instrument. */
  readonly key: string;
  /** How messages name it, e.g. `HISTOGRAM "db.duration" (unit "s")`. */
  readonly label: string;
}

/** Options of {@link Meterwork.createMeterProvider}: OTel's `MeterProviderOptions`
 * (its `views` are OTel views, for the instruments meterwork leaves to the SDK). */
export type MeterworkMeterProviderOptions = MeterProviderOptions;

export interface MeterworkOptions {
  /** Views, tried in order: the first that matches an instrument wins.
   * @default [] (every instrument stays the SDK's) */
  readonly views?: readonly MeterworkView[] | undefined;
  /** Clock for the aggregations (ms; tests inject a fake one).
   * @default each aggregation's own (a shared coarse clock) */
  readonly clock?: Clock | undefined;
  /** Called for each go/no-go outlier, in addition to counting it.
   * @default none */
  readonly onOutlier?: ((event: GoNoGoOutlierEvent & { readonly name: string }) => void) | undefined;
}

/** Options of {@link Meterwork.createGoNoGo}. */
export interface GoNoGoRecorderOptions {
  /** Meter (scope) the metric is reported under. @default 'meterwork' */
  readonly meterName?: string | undefined;
  /** @default '' */
  readonly description?: string | undefined;
  /** @default '' */
  readonly unit?: string | undefined;
  /** @default 2000 */
  readonly cardinalityLimit?: number | undefined;
  /** @default { k: 3, minSamples: 30 } */
  readonly outliers?: GoNoGoOutliersOption | undefined;
  /** Period of mean, min, max and the outlier baseline (counts and sums are cumulative).
   * @default 60000 */
  readonly periodMillis?: number | undefined;
}

/** lws-style direct go/no-go recording, one aggregation per attribute set. */
export interface GoNoGoRecorder {
  go(value: number, attributes?: Attributes): void;
  noGo(value: number, attributes?: Attributes): void;
}

/**
 * Entry point: holds the views and every meterwork aggregation, wraps the
 * user's `MeterProvider` (`wrap`) and hands the results to OTel readers
 * (`producer`, for a reader's `metricProducers`).
 *
 * Our aggregations are cumulative: nothing is reset when a reader collects,
 * so any number of readers can share one `Meterwork`. Each reader gets its
 * own producer (`createMeterProvider` does it, or `createProducer`), which
 * reports counts and sums with the temporality the reader asks for: a delta
 * producer reports what changed since its own previous collection. Each
 * attribute set's `startTime` is when it was first recorded (a delta point's:
 * the producer's previous collection), `endTime` the collection time.
 *
 * ```ts
 * const meterwork = new Meterwork({ views: [{ instrumentName: 'http.*.duration', aggregation: { type: 'sliding_time_window', windowMillis: 60_000 } }] });
 * metrics.setGlobalMeterProvider(meterwork.createMeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter })] }));
 * ```
 */
export class Meterwork implements InstrumentResolver {
  readonly producer: MeterworkProducer;
  private readonly _views: readonly MeterworkView[];
  private readonly _matcher: ViewMatcher;
  private readonly _registry = new StorageRegistry();
  private readonly _options: MeterworkOptions;
  private readonly _sources = new Map<InstrumentStorage, StorageSource>();
  /** Keys of the diag warnings already given (each is given once). */
  private readonly _warned = new Set<string>();
  /** Every producer this instance made (`producer` and `createProducer`'s). */
  private readonly _producers = new WeakSet<MeterworkProducer>();
  private _shutdown = false;

  constructor(options: MeterworkOptions = {}) {
    this._options = options;
    this._views = validateViews(options.views ?? []);
    if (options.clock !== undefined && typeof options.clock !== 'function') {
      throw new InvalidOptionError('Meterwork', 'clock', 'must be a function returning milliseconds', options.clock);
    }
    if (options.onOutlier !== undefined && typeof options.onOutlier !== 'function') {
      throw new InvalidOptionError('Meterwork', 'onOutlier', 'must be a function', options.onOutlier);
    }
    this._matcher = new ViewMatcher(this._views);
    this.producer = this.createProducer();
  }

  /**
   * A producer for one reader's `metricProducers`: each reader gets its own
   * (OTel does not tell a producer which reader collects it, and a delta
   * producer remembers what it reported last). `temporality` is the
   * reader's choice for our counts and sums, `includeSamples` adds the
   * reservoir samples (a Node cluster worker's producer). `producer` is the
   * default one: cumulative, without samples.
   */
  createProducer(options: MeterworkProducerOptions = {}): MeterworkProducer {
    const producer = new MeterworkProducer(this._registry, { ...validateProducerOptions(options), isShutdown: () => this._shutdown });
    this._producers.add(producer);
    return producer;
  }

  /**
   * Builds the SDK `MeterProvider` with a meterwork producer on every reader
   * (its own, following the reader's temporality) and returns it wrapped
   * (see {@link wrap}): the one call that wires meterwork into OTel. Readers
   * are built as usual, without `metricProducers`; a reader that already
   * lists a producer of this instance keeps it (no duplicates). `options.views` are OTel views for the instruments that
   * meterwork's views leave to the SDK.
   */
  createMeterProvider(options: MeterworkMeterProviderOptions = {}): WrappedMeterProvider {
    const readers = options.readers ?? [];
    const undo: Array<() => void> = [];
    let provider: SdkMeterProvider;
    try {
      for (const reader of readers) {
        if (readerHasProducer(reader, (p) => this._isOurProducer(p)) === true) continue;
        // One producer per reader, with the reader's temporality (and what the reader asks for, e.g. samples).
        const producer = this.createProducer({ temporality: (type) => reader.selectAggregationTemporality(type), ...producerOptionsOf(reader) });
        undo.push(interceptSdkProducer(reader, producer));
      }
      provider = new SdkMeterProvider(options);
    } finally {
      for (const u of undo) u();
    }
    return new WrappedMeterProvider(provider, this);
  }

  /**
   * The user's provider with meterwork instruments for the instruments our
   * views select. Its readers must collect `producer` (give it in their
   * `metricProducers`, or use {@link createMeterProvider}); a reader that
   * does not is reported once, with the instruments it misses, at its first
   * collection.
   */
  wrap(provider: MeterProvider): WrappedMeterProvider {
    if (provider === null || typeof provider !== 'object' || typeof provider.getMeter !== 'function') {
      throw new TypeError('Meterwork.wrap: argument must be a MeterProvider');
    }
    watchReadersWithoutProducer(
      provider,
      (p) => this._isOurProducer(p),
      () => this._instrumentList(),
    );
    return new WrappedMeterProvider(provider, this);
  }

  /** @internal Called by wrapped meters when an instrument is created. */
  resolve(
    scope: Scope,
    name: string,
    type: SyncInstrumentType,
    options: MetricOptions | undefined,
  ): { storage: InstrumentStorage; keepOtel: boolean } | undefined {
    if (typeof name !== 'string' || !VALID_INSTRUMENT_NAME.test(name)) return undefined;
    const otelType = OTEL_INSTRUMENT_TYPE[type];
    const unit = options?.unit ?? '';
    const match = this._matcher.match({ scope, name, type: otelType, unit });
    if (match === undefined) return undefined;
    const { view } = match;
    const aggType = view.aggregation.type;
    const instrument = `${otelType} "${name}" of meter "${scope.name}"`;
    if (!aggregationFits(aggType, otelType)) {
      this._warnOnce(
        `fit\u0000${match.index}\u0000${scope.name}\u0000${name}`,
        `meterwork: ${viewLabel(match)} does not fit ${instrument}: a ${aggType} aggregation fits ` +
          `${AGGREGATION_INSTRUMENT_TYPES[aggType].join(', ')}; the instrument is left to the OTel SDK (add instrumentType to the view)`,
      );
      return undefined;
    }
    const metricName = view.name ?? name;
    const valueType = options?.valueType ?? ValueType.DOUBLE;
    const source: StorageSource = {
      key: `${name.toLowerCase()}\u0000${otelType}\u0000${unit}\u0000${valueType}`,
      label: `${otelType} "${name}"${unit === '' ? '' : ` (unit "${unit}")`}`,
    };
    let created = false;
    const storage = this._registry.getOrCreate(scope, metricName, () => {
      created = true;
      return this._createStorage(metricName, type, view.aggregation, {
        instrumentName: name,
        description: view.description ?? options?.description ?? '',
        unit,
        valueType,
        cardinalityLimit: view.aggregationCardinalityLimit,
        attributeKeys: view.attributeKeys,
      });
    });
    if (created) {
      this._sources.set(storage, source);
    } else {
      const first = this._sources.get(storage);
      // The same instrument created again shares its aggregation (OTel's rule); another one must not merge into it.
      if (first !== undefined && first.key !== source.key) {
        this._warnOnce(
          `name\u0000${scope.name}\u0000${metricName}\u0000${source.key}`,
          `meterwork: ${viewLabel(match)} selects ${source.label} of meter "${scope.name}" as metric "${metricName}", ` +
            `which already aggregates ${first.label}: a metric aggregates one instrument (a named view selects at most one instrument, as in OTel); ` +
            `"${name}" is left to the OTel SDK`,
        );
        return undefined;
      }
    }
    return { storage, keepOtel: view.keepOtelAggregation === true };
  }

  /** @internal Called by wrapped meters when an observable instrument is created: it stays the SDK's. */
  reportObservable(scope: Scope, name: string, type: ObservableInstrumentType, options: MetricOptions | undefined): void {
    if (typeof name !== 'string') return;
    const match = this._matcher.match({ scope, name, type, unit: options?.unit ?? '' });
    if (match === undefined) return;
    this._warnOnce(
      `observable\u0000${match.index}\u0000${scope.name}\u0000${name}`,
      `meterwork: ${viewLabel(match)} matches ${type} "${name}" of meter "${scope.name}", but meterwork aggregates synchronous ` +
        "instruments only (an observable's callbacks run inside the SDK): the instrument keeps the OTel SDK's aggregation " +
        '(add instrumentType to the view to select synchronous instruments only)',
    );
  }

  /**
   * Direct go/no-go recording (lws style), exported through `producer` like
   * the wrapped instruments. Same name and meter: same aggregation.
   */
  createGoNoGo(name: string, options: GoNoGoRecorderOptions = {}): GoNoGoRecorder {
    if (typeof name !== 'string' || !VALID_INSTRUMENT_NAME.test(name)) {
      throw new RangeError(`Meterwork.createGoNoGo: name must match ${VALID_INSTRUMENT_NAME}, got ${JSON.stringify(name)}`);
    }
    const aggregation = {
      type: 'go_no_go' as const,
      ...(options.outliers === undefined ? {} : { outliers: options.outliers }),
      ...(options.periodMillis === undefined ? {} : { periodMillis: options.periodMillis }),
    };
    const cardinalityLimit = options.cardinalityLimit;
    // Same checks as a view so that errors read the same way.
    validateAggregation(aggregation, '', 'Meterwork.createGoNoGo');
    if (cardinalityLimit !== undefined && !(Number.isInteger(cardinalityLimit) && cardinalityLimit > 0)) {
      throw new InvalidOptionError('Meterwork.createGoNoGo', 'cardinalityLimit', 'must be a positive integer', cardinalityLimit);
    }
    const unit = options.unit ?? '';
    const storage = this._registry.getOrCreate({ name: options.meterName ?? 'meterwork' }, name, () => {
      const created = this._createStorage(name, 'histogram', aggregation, {
        description: options.description ?? '',
        unit,
        valueType: ValueType.DOUBLE,
        cardinalityLimit,
        attributeKeys: undefined,
      });
      this._sources.set(created, { key: `createGoNoGo\u0000${name.toLowerCase()}`, label: `the go/no-go recorder "${name}"` });
      return created;
    });
    return {
      go: (value, attributes) => storage.recordFlagged(value, attributes, false),
      noGo: (value, attributes) => storage.recordFlagged(value, attributes, true),
    };
  }

  /**
   * Reports `source`'s metrics (kept outside OTel instruments, e.g.
   * `@meterwork/tasks`' function statistics) through every producer of this
   * instance, with the instruments' metrics. Returns its remover. Adding
   * the same source twice adds it once.
   */
  addSource(source: MeterworkSource): () => void {
    if (source === null || typeof source !== 'object' || typeof source.collect !== 'function') {
      throw new InvalidOptionError('Meterwork.addSource', 'source', 'must be an object with a collect function', source);
    }
    if (source.scope === null || typeof source.scope !== 'object' || typeof source.scope.name !== 'string') {
      throw new InvalidOptionError('Meterwork.addSource', 'source.scope.name', 'must be a string', source.scope?.name);
    }
    return this._registry.addSource(source);
  }

  /** Stops reporting (the producer returns no data afterwards). Nothing
   * here keeps the process alive: there are no timers of our own. */
  async shutdown(): Promise<void> {
    this._shutdown = true;
  }

  private _createStorage(
    name: string,
    type: SyncInstrumentType,
    aggregation: MeterworkAggregation,
    d: {
      instrumentName?: string;
      description: string;
      unit: string;
      valueType: ValueType;
      cardinalityLimit: number | undefined;
      attributeKeys: AttributeKeysFilter | undefined;
    },
  ): InstrumentStorage {
    const onOutlier = this._options.onOutlier;
    const factory = createCellFactory(aggregation, {
      name,
      instrumentType: type,
      clock: this._options.clock,
      onOutlier: onOutlier === undefined ? undefined : (event) => onOutlier({ ...event, name }),
    });
    let cardinalityLimit = d.cardinalityLimit ?? DEFAULT_CARDINALITY_LIMIT;
    // maxTagSets counts tag sets; the limit also counts the overflow series.
    if (aggregation.type === 'tagged_histogram' && aggregation.maxTagSets !== undefined) cardinalityLimit = aggregation.maxTagSets + 1;
    return new InstrumentStorage({
      descriptor: { name, description: d.description, unit: d.unit, valueType: d.valueType },
      instrumentName: d.instrumentName,
      kind: factory.kind,
      instrumentType: type,
      createCell: factory.create,
      cardinalityLimit,
      attributeKeys: d.attributeKeys?.included,
      excludedAttributeKeys: d.attributeKeys?.excluded,
      flagKey: factory.flagKey,
    });
  }

  private _isOurProducer(producer: unknown): boolean {
    return this._producers.has(producer as MeterworkProducer);
  }

  /** The instruments meterwork aggregates, for messages ('' when none). */
  private _instrumentList(): string {
    const names: string[] = [];
    for (const { scope, storages } of this._registry.scopes()) {
      for (const storage of storages) names.push(`"${storage.descriptor.name}" (meter "${scope.name}")`);
    }
    if (names.length === 0) return '';
    const shown = names.length > 10 ? [...names.slice(0, 10), `and ${names.length - 10} more`] : names;
    return `the instruments meterwork aggregates: ${shown.join(', ')}`;
  }

  private _warnOnce(key: string, message: string): void {
    if (this._warned.has(key)) return;
    this._warned.add(key);
    diag.warn(message);
  }
}

/** How messages name a view: its position in `views`, and its name when it has one. */
function viewLabel(match: ViewMatch): string {
  const { view, index } = match;
  return `view views[${index}] (instrumentName ${JSON.stringify(view.instrumentName ?? '*')}, aggregation ${view.aggregation.type})`;
}
