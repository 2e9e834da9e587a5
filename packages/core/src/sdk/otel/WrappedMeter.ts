import type {
  BatchObservableCallback,
  Counter,
  Gauge,
  Histogram,
  Meter,
  MetricOptions,
  Observable,
  ObservableCounter,
  ObservableGauge,
  ObservableUpDownCounter,
  UpDownCounter,
} from '@opentelemetry/api';
import type { InstrumentStorage } from '../storage/InstrumentStorage';
import type { Scope } from '../storage/StorageRegistry';
import type { SyncInstrumentType } from '../aggregator/types';
import type { ObservableInstrumentType } from '../view/types';
import { MeterworkCounter, MeterworkHistogram } from './instruments';

/** What a wrapped meter asks its `Meterwork` for each synchronous instrument. */
export interface InstrumentResolver {
  /** The storage for this instrument if a view matches, plus whether the SDK aggregates it too. */
  resolve(
    scope: Scope,
    name: string,
    type: SyncInstrumentType,
    options: MetricOptions | undefined,
  ): { storage: InstrumentStorage; keepOtel: boolean } | undefined;
  /** Told about each observable instrument (they stay the SDK's), to report a view that matches one. */
  reportObservable(scope: Scope, name: string, type: ObservableInstrumentType, options: MetricOptions | undefined): void;
}

/**
 * An SDK meter whose synchronous instruments matched by a view are ours;
 * everything else (unmatched instruments, observable instruments, batch
 * callbacks) is the SDK's own; a view that matches an observable instrument
 * is reported once. A matched instrument is not created on the
 * SDK meter at all (no double aggregation) unless its view keeps it.
 */
export class WrappedMeter implements Meter {
  constructor(
    private readonly _delegate: Meter,
    private readonly _scope: Scope,
    private readonly _resolver: InstrumentResolver,
  ) {}

  createHistogram(name: string, options?: MetricOptions): Histogram {
    const r = this._resolver.resolve(this._scope, name, 'histogram', options);
    if (r === undefined) return this._delegate.createHistogram(name, options);
    return new MeterworkHistogram(r.storage, r.keepOtel ? this._delegate.createHistogram(name, options) : undefined);
  }

  createGauge(name: string, options?: MetricOptions): Gauge {
    const r = this._resolver.resolve(this._scope, name, 'gauge', options);
    if (r === undefined) return this._delegate.createGauge(name, options);
    return new MeterworkHistogram(r.storage, r.keepOtel ? this._delegate.createGauge(name, options) : undefined);
  }

  createCounter(name: string, options?: MetricOptions): Counter {
    const r = this._resolver.resolve(this._scope, name, 'counter', options);
    if (r === undefined) return this._delegate.createCounter(name, options);
    return new MeterworkCounter(r.storage, r.keepOtel ? this._delegate.createCounter(name, options) : undefined);
  }

  createUpDownCounter(name: string, options?: MetricOptions): UpDownCounter {
    const r = this._resolver.resolve(this._scope, name, 'up_down_counter', options);
    if (r === undefined) return this._delegate.createUpDownCounter(name, options);
    return new MeterworkCounter(r.storage, r.keepOtel ? this._delegate.createUpDownCounter(name, options) : undefined);
  }

  createObservableGauge(name: string, options?: MetricOptions): ObservableGauge {
    this._resolver.reportObservable(this._scope, name, 'OBSERVABLE_GAUGE', options);
    return this._delegate.createObservableGauge(name, options);
  }

  createObservableCounter(name: string, options?: MetricOptions): ObservableCounter {
    this._resolver.reportObservable(this._scope, name, 'OBSERVABLE_COUNTER', options);
    return this._delegate.createObservableCounter(name, options);
  }

  createObservableUpDownCounter(name: string, options?: MetricOptions): ObservableUpDownCounter {
    this._resolver.reportObservable(this._scope, name, 'OBSERVABLE_UP_DOWN_COUNTER', options);
    return this._delegate.createObservableUpDownCounter(name, options);
  }

  addBatchObservableCallback(callback: BatchObservableCallback, observables: Observable[]): void {
    this._delegate.addBatchObservableCallback(callback, observables);
  }

  removeBatchObservableCallback(callback: BatchObservableCallback, observables: Observable[]): void {
    this._delegate.removeBatchObservableCallback(callback, observables);
  }
}
