import type { Attributes, Context, Counter, Gauge, Histogram, UpDownCounter } from '@opentelemetry/api';
import type { InstrumentStorage } from '../storage/InstrumentStorage';
import type { Cell } from '../aggregator/types';

/** Fast path for one attribute set: the series is found once, at bind time. */
export interface BoundInstrument {
  /** Same as `add` (both names so counters and histograms read naturally). */
  record(value: number): void;
  add(value: number): void;
}

class Bound implements BoundInstrument {
  constructor(
    private readonly _storage: InstrumentStorage,
    private readonly _cell: Cell,
    private readonly _flagged: boolean,
  ) {}

  record(value: number): void {
    if (!this._storage.accepts(value)) return;
    try {
      this._cell.record(value, this._flagged);
    } catch (err) {
      this._storage.warn('error', `failed to record: ${String(err)}`);
    }
  }

  add(value: number): void {
    this.record(value);
  }
}

/** The SDK's own instrument, fed too when a view keeps OTel's aggregation. */
interface OtelSink {
  add?(value: number, attributes?: Attributes, context?: Context): void;
  record?(value: number, attributes?: Attributes, context?: Context): void;
}

abstract class MeterworkInstrument {
  constructor(
    protected readonly _storage: InstrumentStorage,
    protected readonly _otel: OtelSink | undefined,
  ) {}

  /** Binds an attribute set: `record`/`add` on the result skip the lookup. */
  bind(attributes?: Attributes): BoundInstrument {
    const cell = this._storage.table.lookup(attributes);
    const bound = new Bound(this._storage, cell, this._storage.table.flagged);
    const otel = this._otel;
    if (otel === undefined) return bound;
    // Keeping OTel's aggregation: feed both (no fast path for the SDK side).
    return {
      record: (v: number) => {
        bound.record(v);
        this._feedOtel(v, attributes, undefined);
      },
      add: (v: number) => {
        bound.record(v);
        this._feedOtel(v, attributes, undefined);
      },
    };
  }

  protected abstract _feedOtel(value: number, attributes: Attributes | undefined, context: Context | undefined): void;
}

/** Counter and UpDownCounter handled by a meterwork view. */
export class MeterworkCounter extends MeterworkInstrument implements Counter, UpDownCounter {
  add(value: number, attributes?: Attributes, context?: Context): void {
    this._storage.record(value, attributes);
    if (this._otel !== undefined) this._feedOtel(value, attributes, context);
  }

  protected override _feedOtel(value: number, attributes: Attributes | undefined, context: Context | undefined): void {
    this._otel!.add!(value, attributes, context);
  }
}

/** Histogram and Gauge handled by a meterwork view. */
export class MeterworkHistogram extends MeterworkInstrument implements Histogram, Gauge {
  record(value: number, attributes?: Attributes, context?: Context): void {
    this._storage.record(value, attributes);
    if (this._otel !== undefined) this._feedOtel(value, attributes, context);
  }

  protected override _feedOtel(value: number, attributes: Attributes | undefined, context: Context | undefined): void {
    this._otel!.record!(value, attributes, context);
  }
}

/**
 * Binds an instrument to an attribute set. Meterwork instruments get their
 * fast path; any other instrument is wrapped (same results, no speed-up).
 */
export function bindInstrument(instrument: Counter | UpDownCounter | Histogram | Gauge, attributes?: Attributes): BoundInstrument {
  if (instrument instanceof MeterworkInstrument) return instrument.bind(attributes);
  const target = instrument as OtelSink;
  const call = typeof target.record === 'function' ? (v: number) => target.record!(v, attributes) : (v: number) => target.add!(v, attributes);
  return { record: call, add: call };
}
