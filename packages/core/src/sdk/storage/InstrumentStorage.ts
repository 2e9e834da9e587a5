import { diag, type Attributes, type HrTime } from '@opentelemetry/api';
import type { MeterworkDescriptor, MeterworkMetricData } from '../data/types';
import { taggedValue } from '../../primitives/tagged/taggedValue';
import { SeriesTable } from './SeriesTable';
import type { Cell, CellKind, SyncInstrumentType } from '../aggregator/types';

export interface InstrumentStorageOptions {
  readonly descriptor: MeterworkDescriptor;
  /** The instrument's own name, when a view renamed its metric (warnings name both). */
  readonly instrumentName?: string | undefined;
  readonly kind: CellKind;
  readonly instrumentType: SyncInstrumentType;
  readonly createCell: () => Cell;
  readonly cardinalityLimit: number;
  /** Keys kept in the series key (all when undefined). */
  readonly attributeKeys?: readonly string[] | undefined;
  /** Keys left out of the series key. */
  readonly excludedAttributeKeys?: readonly string[] | undefined;
  /** Go/no-go's error attribute: left out of the series key, sets `flagged`. */
  readonly flagKey?: string;
}

type WarnReason = 'invalid' | 'negative' | 'attribute' | 'overflow' | 'error';

/** At most one warning per instrument and reason per this many ms (a bad
 * value in a loop must not flood the logs). */
const WARN_INTERVAL_MILLIS = 10_000;

/**
 * Meterwork state of one instrument: a cell per attribute set. Cumulative:
 * nothing is reset on collection, so several readers can collect the same
 * data (a delta reader's producer computes its deltas: export/DeltaState).
 */
export class InstrumentStorage {
  readonly descriptor: MeterworkDescriptor;
  readonly kind: CellKind;
  readonly instrumentType: SyncInstrumentType;
  readonly table: SeriesTable<Cell>;
  /** Counters and histograms take non-negative values only (OTel API rule);
   * so does an up-down counter under a tagged histogram (counts never decrease). */
  readonly nonNegative: boolean;
  private readonly _lastWarn: Record<WarnReason, number> = {
    invalid: -Infinity,
    negative: -Infinity,
    attribute: -Infinity,
    overflow: -Infinity,
    error: -Infinity,
  };

  /** How warnings name the instrument: `"db.duration" (metric "db")` when a view renamed it. */
  private readonly _label: string;

  constructor(options: InstrumentStorageOptions) {
    const metric = options.descriptor.name;
    const instrument = options.instrumentName ?? metric;
    this._label = instrument.toLowerCase() === metric.toLowerCase() ? `"${metric}"` : `"${instrument}" (metric "${metric}")`;
    this.descriptor = options.descriptor;
    this.kind = options.kind;
    this.instrumentType = options.instrumentType;
    const type = options.instrumentType;
    this.nonNegative = type === 'counter' || type === 'histogram' || (options.kind === 'tagged_histogram' && type === 'up_down_counter');
    const overflowMessage =
      `cardinality limit (${options.cardinalityLimit} series) reached: ` +
      'measurements with new attribute sets go to the overflow series {"otel.metric.overflow": true}';
    this.table = new SeriesTable(options.createCell, {
      cardinalityLimit: options.cardinalityLimit,
      attributeKeys: options.attributeKeys,
      excludedAttributeKeys: options.excludedAttributeKeys,
      flagKey: options.flagKey,
      onInvalidAttribute: (key, value) => this.warn('attribute', `ignored attribute "${key}": ${typeof value} is not a valid attribute value`),
      onOverflow: () => this.warn('overflow', overflowMessage),
    });
  }

  /** Never throws: bad values are dropped with a (rate-limited) `diag.warn`. */
  record(value: number, attributes: Attributes | undefined): void {
    if (!this.accepts(value)) return;
    try {
      const cell = this.table.lookup(attributes);
      cell.record(value, this.table.flagged);
    } catch (err) {
      this.warn('error', `failed to record: ${String(err)}`);
    }
  }

  /** Direct go/no-go recording: the outcome is given, not read from the attributes. */
  recordFlagged(value: number, attributes: Attributes | undefined, flagged: boolean): void {
    if (!this.accepts(value)) return;
    try {
      this.table.lookup(attributes).record(value, flagged);
    } catch (err) {
      this.warn('error', `failed to record: ${String(err)}`);
    }
  }

  /** Checks a value, warning about a bad one. */
  accepts(value: number): boolean {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.warn('invalid', `dropped non-finite value ${String(value)}`);
      return false;
    }
    if (value < 0 && this.nonNegative) {
      const rule = this.kind === 'tagged_histogram' ? 'tagged histogram counts' : `${this.instrumentType} values`;
      this.warn('negative', `dropped negative value ${value} (${rule} must be non-negative)`);
      return false;
    }
    return true;
  }

  warn(reason: WarnReason, message: string): void {
    const now = Date.now();
    if (now - this._lastWarn[reason] < WARN_INTERVAL_MILLIS) return;
    this._lastWarn[reason] = now;
    diag.warn(`meterwork: instrument ${this._label}: ${message}`);
  }

  /** The rich form at `endTime`, or undefined when nothing was recorded. */
  collect(endTime: HrTime, includeSamples: boolean): MeterworkMetricData | undefined {
    const entries = this.table.entries();
    if (entries.length === 0) return undefined;
    if (this.kind === 'tagged_histogram') return this._collectTagged(entries, endTime);
    const points = entries.map((e) => ({
      attributes: e.attributes,
      startTime: e.startTime,
      endTime,
      value: e.series.read(includeSamples),
    }));
    return { kind: this.kind, descriptor: this.descriptor, points } as MeterworkMetricData;
  }

  /** A tagged histogram is one value: a count per attribute set (tag set). */
  private _collectTagged(entries: ReturnType<SeriesTable<Cell>['entries']>, endTime: HrTime): MeterworkMetricData {
    let startTime = entries[0]!.startTime;
    for (const e of entries) if (compareHrTime(e.startTime, startTime) < 0) startTime = e.startTime;
    return {
      kind: 'tagged_histogram',
      descriptor: this.descriptor,
      points: [{ attributes: {}, startTime, endTime, value: taggedValue(entries) }],
    };
  }
}

function compareHrTime(a: HrTime, b: HrTime): number {
  return a[0] - b[0] || a[1] - b[1];
}
