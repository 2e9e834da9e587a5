/**
 * The anonymous profile: a session (Ed25519 key pair; its derived id is the
 * only instance identifier), rotated at start and optionally every N hours,
 * an allow-list for attributes, timestamps rounded to the export interval,
 * and the signature of every write.
 */
import { diag } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, InstrumentType, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InvalidOptionError, type Clock } from '@meterwork/core';
import { positiveNumberOption } from '@meterwork/core/internal';
import { anonymousKeyFilter } from '../anonymity/allowList';
import { Session, type RequestToSign } from '../session/Session';
import { ENCODING_ATTRIBUTE_KEYS, anonymizeResourceMetrics, type AnonymizeSettings } from './anonymize';
import { AnonymizingExporter } from './AnonymizingExporter';

const OWNER = 'AnonymousProfile';

/** Instruments whose points add up over time (a lost delta is lost data); gauges keep only their last value anyway. */
const SUMMED_INSTRUMENTS = [
  InstrumentType.COUNTER,
  InstrumentType.UP_DOWN_COUNTER,
  InstrumentType.HISTOGRAM,
  InstrumentType.OBSERVABLE_COUNTER,
  InstrumentType.OBSERVABLE_UP_DOWN_COUNTER,
];

/** Options of the anonymous profile (`anonymous: true` takes all defaults). */
export interface AnonymousProfileOptions {
  /** Start a new session (new key, new id, new Tor circuits) this often; the session always changes at start. @default undefined (one session per process run) */
  readonly rotateEveryHours?: number | undefined;
  /**
   * Attribute keys sent besides `ANONYMOUS_ATTRIBUTE_KEYS` (`session.id`, `service.name`, ...): the metric
   * attributes the vendor chose to collect, e.g. `['http.route']`. Every other key is removed (an
   * allow-list), on resources and points alike, and so is any value that looks like an address.
   * @default []
   */
  readonly attributeKeys?: readonly string[] | undefined;
  /**
   * Round timestamps down to a multiple of this (use your reader's `exportIntervalMillis`); 0 keeps them exact.
   * Points of one series whose times round to the same value get the same timestamp, and InfluxDB keeps only the
   * last write for a series and timestamp: fine for cumulative sums and gauges (the latest value wins), data loss
   * for DELTA temporality, so `wrapExporter` refuses an exporter that selects DELTA unless this is 0.
   * @default 60000
   */
  readonly roundTimestampsMillis?: number | undefined;
  /** Wall clock for rotation and signatures (epoch milliseconds). @default Date.now */
  readonly clock?: Clock | undefined;
  /** Called with the new session id after each rotation. @default none */
  readonly onRotate?: ((sessionId: string) => void) | undefined;
}

export class AnonymousProfile {
  private _session: Session;
  private _startedMillis: number;
  private readonly _rotateMillis: number;
  private readonly _clock: Clock;
  private readonly _onRotate: ((sessionId: string) => void) | undefined;
  private readonly _settings: Omit<AnonymizeSettings, 'sessionId'>;
  private readonly _warned = new Set<string>();
  private readonly _warnedDelta = new Set<string>();

  constructor(options: AnonymousProfileOptions = {}) {
    if (options === null || typeof options !== 'object') throw new InvalidOptionError(OWNER, 'options', 'must be an object', options);
    this._clock = options.clock ?? Date.now;
    this._rotateMillis =
      options.rotateEveryHours === undefined ? Infinity : positiveNumberOption(OWNER, 'rotateEveryHours', options.rotateEveryHours, 0) * 3_600_000;
    const keys = options.attributeKeys ?? [];
    if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string' && k !== ''))
      throw new InvalidOptionError(OWNER, 'attributeKeys', 'must be an array of non-empty strings', keys);
    const roundMillis = options.roundTimestampsMillis ?? 60_000;
    if (!Number.isInteger(roundMillis) || roundMillis < 0) throw new InvalidOptionError(OWNER, 'roundTimestampsMillis', 'must be an integer >= 0', roundMillis);
    if (options.onRotate !== undefined && typeof options.onRotate !== 'function')
      throw new InvalidOptionError(OWNER, 'onRotate', 'must be a function', options.onRotate);
    this._onRotate = options.onRotate;
    const keyAllowed = anonymousKeyFilter(keys);
    this._settings = {
      keyAllowed,
      pointKeyAllowed: (key) => keyAllowed(key) || ENCODING_ATTRIBUTE_KEYS.has(key),
      roundMillis,
      onDroppedPointAttribute: (metric, key) => {
        const id = `${metric}\0${key}`;
        if (this._warned.has(id)) return;
        this._warned.add(id);
        diag.warn(
          `@meterwork/transport-tor anonymous profile: metric "${metric}": attribute "${key}" is not allowed and was removed (add it to attributeKeys, or drop it with a View so its series are aggregated)`,
        );
      },
    };
    this._session = Session.create({ clock: this._clock });
    this._startedMillis = this._clock();
  }

  /** The current session, rotated first when `rotateEveryHours` has passed. */
  get session(): Session {
    if (this._clock() - this._startedMillis >= this._rotateMillis) this.rotate();
    return this._session;
  }

  get sessionId(): string {
    return this.session.id;
  }

  /** Starts a new session now (new key pair and id). */
  rotate(): void {
    this._session = Session.create({ clock: this._clock });
    this._startedMillis = this._clock();
    diag.info('@meterwork/transport-tor anonymous profile: new session');
    this._onRotate?.(this._session.id);
  }

  /** Signature headers for one write of the current session (the Influx exporter's `requestHeaders` hook). */
  readonly signRequest = (request: RequestToSign): Record<string, string> => this.session.signRequest(request);

  /** One export's data as the profile sends it. */
  anonymize(metrics: ResourceMetrics): ResourceMetrics {
    if (this._settings.roundMillis > 0) this._warnRoundedDelta(metrics);
    return anonymizeResourceMetrics(metrics, { ...this._settings, sessionId: this.sessionId });
  }

  /** `exporter` seeing only anonymized data. */
  wrapExporter<E extends PushMetricExporter>(exporter: E): PushMetricExporter {
    const roundMillis = this._settings.roundMillis;
    const select = exporter.selectAggregationTemporality?.bind(exporter);
    const delta = select && SUMMED_INSTRUMENTS.find((t) => select(t) === AggregationTemporality.DELTA);
    if (roundMillis > 0 && delta !== undefined)
      throw new InvalidOptionError(
        OWNER,
        'roundTimestampsMillis',
        `must be 0 when the exporter uses DELTA temporality (it does for ${delta}): rounded delta points of one series in the same interval share a timestamp and InfluxDB keeps only the last, so the others would be lost; use CUMULATIVE temporality (the default), or set roundTimestampsMillis: 0`,
        roundMillis,
      );
    return new AnonymizingExporter(exporter, (m) => this.anonymize(m));
  }

  /** Delta data with rounding that `wrapExporter` could not see coming (a reader choosing DELTA itself): say so, once per metric. */
  private _warnRoundedDelta(metrics: ResourceMetrics): void {
    for (const scope of metrics.scopeMetrics)
      for (const metric of scope.metrics) {
        if (metric.dataPointType === DataPointType.GAUGE || metric.aggregationTemporality !== AggregationTemporality.DELTA) continue;
        const name = metric.descriptor.name;
        if (this._warnedDelta.has(name)) continue;
        this._warnedDelta.add(name);
        diag.warn(
          `@meterwork/transport-tor anonymous profile: metric "${name}" has DELTA temporality and timestamps are rounded to ${this._settings.roundMillis} ms: deltas of one series in the same interval overwrite each other in InfluxDB (only the last is kept). Use CUMULATIVE temporality or roundTimestampsMillis: 0`,
        );
      }
  }
}
