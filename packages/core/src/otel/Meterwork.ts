import { diag, ValueType, type Attributes, type MeterProvider, type MetricOptions } from '@opentelemetry/api';
import type { Clock } from '../clock';
import type { GoNoGoOutlierEvent } from '../gonogo/GoNoGo';
import { MeterworkProducer } from '../export/MeterworkProducer';
import { createCellFactory } from '../state/createCellFactory';
import { InstrumentStorage } from '../state/InstrumentStorage';
import { StorageRegistry, type Scope } from '../state/StorageRegistry';
import type { SyncInstrumentType } from '../state/types';
import { ViewMatcher } from '../view/ViewMatcher';
import type { GoNoGoOutliersOption, MeterworkAggregation, MeterworkView } from '../view/types';
import { validateViews } from '../view/validateViews';
import type { InstrumentResolver } from './WrappedMeter';
import { WrappedMeterProvider } from './WrappedMeterProvider';

/** OTel's default cardinality limit per instrument. */
export const DEFAULT_CARDINALITY_LIMIT = 2000;

/** OTel's instrument name syntax; other names are left to the SDK (which warns). */
const VALID_INSTRUMENT_NAME = /^[a-z][a-z0-9_.\-/]{0,254}$/i;

export interface MeterworkOptions {
  /** Views, tried in order: the first that matches an instrument wins.
   * @default [] (every instrument stays the SDK's) */
  readonly views?: readonly MeterworkView[] | undefined;
  /** Fill `SummaryValue.samples`/`sampleWeights` in the rich data (cluster merging).
   * @default false */
  readonly includeSamples?: boolean | undefined;
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
 * Our data is cumulative: nothing is reset when a reader collects, so any
 * number of readers can share one `Meterwork`; a reader that asks for delta
 * temporality still gets cumulative points for our metrics (the SDK's own
 * metrics follow the reader's choice). Each attribute set's `startTime` is
 * when it was first recorded, `endTime` the collection time.
 *
 * ```ts
 * const meterwork = new Meterwork({ views: [{ instrumentName: 'http.*.duration', aggregation: { type: 'sliding_time_window', windowMillis: 60_000 } }] });
 * const provider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter, metricProducers: [meterwork.producer] })] });
 * metrics.setGlobalMeterProvider(meterwork.wrap(provider));
 * ```
 */
export class Meterwork implements InstrumentResolver {
  readonly producer: MeterworkProducer;
  private readonly _views: readonly MeterworkView[];
  private readonly _matcher: ViewMatcher;
  private readonly _registry = new StorageRegistry();
  private readonly _options: MeterworkOptions;
  private _shutdown = false;

  constructor(options: MeterworkOptions = {}) {
    this._options = options;
    this._views = validateViews(options.views ?? []);
    if (options.includeSamples !== undefined && typeof options.includeSamples !== 'boolean') {
      throw new TypeError('Meterwork: option "includeSamples" must be a boolean');
    }
    if (options.clock !== undefined && typeof options.clock !== 'function') {
      throw new TypeError('Meterwork: option "clock" must be a function returning milliseconds');
    }
    if (options.onOutlier !== undefined && typeof options.onOutlier !== 'function') {
      throw new TypeError('Meterwork: option "onOutlier" must be a function');
    }
    this._matcher = new ViewMatcher(this._views);
    this.producer = new MeterworkProducer(this._registry, {
      includeSamples: options.includeSamples,
      isShutdown: () => this._shutdown,
    });
  }

  /** The user's provider with meterwork instruments for the instruments our views select. */
  wrap(provider: MeterProvider): WrappedMeterProvider {
    if (provider === null || typeof provider !== 'object' || typeof provider.getMeter !== 'function') {
      throw new TypeError('Meterwork.wrap: argument must be a MeterProvider');
    }
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
    const view = this._matcher.match(scope.name, name, type);
    if (view === undefined) return undefined;
    const metricName = view.name ?? name;
    const storage = this._registry.getOrCreate(scope, metricName, () =>
      this._createStorage(metricName, type, view.aggregation, {
        description: view.description ?? options?.description ?? '',
        unit: options?.unit ?? '',
        valueType: options?.valueType ?? ValueType.DOUBLE,
        cardinalityLimit: view.cardinalityLimit,
        attributeKeys: view.attributeKeys,
      }),
    );
    if (storage.instrumentType !== type) {
      // OTel's duplicate-instrument rule: the first registration wins, with a warning.
      diag.warn(
        `meterwork: ${type} "${name}" shares the name "${metricName}" with a ${storage.instrumentType} in meter "${scope.name}"; ` +
          'it records into the first one\'s aggregation',
      );
    }
    return { storage, keepOtel: view.keepOtelAggregation === true };
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
    validateViews([{ instrumentName: name, aggregation, ...(cardinalityLimit === undefined ? {} : { cardinalityLimit }) }], 'createGoNoGo');
    const storage = this._registry.getOrCreate({ name: options.meterName ?? 'meterwork' }, name, () =>
      this._createStorage(name, 'histogram', aggregation, {
        description: options.description ?? '',
        unit: options.unit ?? '',
        valueType: ValueType.DOUBLE,
        cardinalityLimit,
        attributeKeys: undefined,
      }),
    );
    return {
      go: (value, attributes) => storage.recordFlagged(value, attributes, false),
      noGo: (value, attributes) => storage.recordFlagged(value, attributes, true),
    };
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
      description: string;
      unit: string;
      valueType: ValueType;
      cardinalityLimit: number | undefined;
      attributeKeys: readonly string[] | undefined;
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
      kind: factory.kind,
      instrumentType: type,
      createCell: factory.create,
      cardinalityLimit,
      attributeKeys: d.attributeKeys,
      flagKey: factory.flagKey,
    });
  }
}
