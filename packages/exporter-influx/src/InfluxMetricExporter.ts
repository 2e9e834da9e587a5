import { randomBytes } from 'crypto';
import { diag, type Attributes } from '@opentelemetry/api';
import { ExportResultCode, hrTime, type ExportResult } from '@opentelemetry/core';
import { AggregationTemporality, type InstrumentType, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { LineProtocolEncoder } from './encode/LineProtocolEncoder';
import { resolveEncoderOptions } from './encode/options';
import { Delivery, type DeliveryStats } from './delivery/Delivery';
import { HttpTransport } from './delivery/HttpTransport';
import type { InfluxMetricExporterOptions } from './options/types';
import { positiveIntegerOption, resolveRetryOptions } from '@meterwork/core/internal';
import { InvalidOptionError } from '@meterwork/core';
import { OWNER } from './options/validate';
import { buildWriteRequest } from './options/writeRequest';

/** Lines stay buffered until delivered: an outage of any length loses nothing the buffer can hold. */
const RETRY_DEFAULTS = { maxRetries: Infinity, initialDelayMillis: 1000, maxDelayMillis: 30000, maxRetryAfterMillis: 300000 };

/**
 * OTel `PushMetricExporter` writing InfluxDB line protocol. `export()` encodes
 * and buffers, then calls back at once; the buffer owns delivery (batches,
 * retries, bounded drop-oldest), so a slow database never blocks the reader.
 * `forceFlush()` and `shutdown()` resolve once everything buffered is written.
 */
export class InfluxMetricExporter implements PushMetricExporter {
  private readonly encoder: LineProtocolEncoder;
  /** The random id written as `sessionIdTag`, if that option is set. */
  readonly sessionId: string | undefined;
  private readonly delivery: Delivery;
  private readonly temporality: AggregationTemporality;
  private readonly selfMetrics: boolean;
  private readonly flushTimeoutMillis: number;
  /** `retry.maxRetries` is finite: lines can be given up, so the self-metrics say how many. */
  private readonly reportsAbandoned: boolean;
  private shutdownPromise: Promise<void> | undefined;

  constructor(options: InfluxMetricExporterOptions) {
    if (options === null || typeof options !== 'object') throw new InvalidOptionError(OWNER, 'options', 'must be an object', options);
    let defaultTags = options.defaultTags;
    if (options.sessionIdTag !== undefined) {
      if (typeof options.sessionIdTag !== 'string' || options.sessionIdTag === '')
        throw new InvalidOptionError(OWNER, 'sessionIdTag', 'must be a non-empty string', options.sessionIdTag);
      this.sessionId = randomBytes(8).toString('hex');
      defaultTags = { ...(defaultTags ?? {}), [options.sessionIdTag]: this.sessionId };
    }
    resolveEncoderOptions(options, OWNER); // errors name the exporter, not the encoder it makes
    this.encoder = new LineProtocolEncoder({ ...options, defaultTags });
    const { url, headers } = buildWriteRequest(options, this.encoder.options.precision);
    const requestTimeoutMillis = positiveIntegerOption(OWNER, 'requestTimeoutMillis', options.requestTimeoutMillis, 10000);
    this.flushTimeoutMillis = positiveIntegerOption(OWNER, 'flushTimeoutMillis', options.flushTimeoutMillis, 30000);
    const retry = resolveRetryOptions(OWNER, 'retry', options.retry, RETRY_DEFAULTS);
    this.temporality = options.temporality ?? AggregationTemporality.CUMULATIVE;
    if (this.temporality !== AggregationTemporality.CUMULATIVE && this.temporality !== AggregationTemporality.DELTA) {
      throw new InvalidOptionError(OWNER, 'temporality', 'must be AggregationTemporality.CUMULATIVE or DELTA', this.temporality);
    }
    this.selfMetrics = options.selfMetrics ?? true;
    if (typeof this.selfMetrics !== 'boolean') throw new InvalidOptionError(OWNER, 'selfMetrics', 'must be a boolean', this.selfMetrics);
    if (options.onDeliveryError !== undefined && typeof options.onDeliveryError !== 'function')
      throw new InvalidOptionError(OWNER, 'onDeliveryError', 'must be a function', options.onDeliveryError);
    if (options.requestHeaders !== undefined && typeof options.requestHeaders !== 'function')
      throw new InvalidOptionError(OWNER, 'requestHeaders', 'must be a function', options.requestHeaders);
    this.reportsAbandoned = Number.isFinite(retry.maxRetries);
    this.delivery = new Delivery({
      transport: new HttpTransport({ url, headers, agent: options.agent, timeoutMillis: requestTimeoutMillis, requestHeaders: options.requestHeaders }),
      batchLines: positiveIntegerOption(OWNER, 'batchLines', options.batchLines, 5000),
      batchBytes: positiveIntegerOption(OWNER, 'batchBytes', options.batchBytes, 1048576),
      maxInFlight: positiveIntegerOption(OWNER, 'maxInFlight', options.maxInFlight, 2),
      maxBufferLines: positiveIntegerOption(OWNER, 'maxBufferLines', options.maxBufferLines, 100000),
      maxBufferBytes: positiveIntegerOption(OWNER, 'maxBufferBytes', options.maxBufferBytes, 33554432),
      retry,
      onError: options.onDeliveryError,
    });
  }

  /** Delivery counters since start (lines sent, dropped, rejected; retries). */
  get stats(): Readonly<DeliveryStats> {
    return this.delivery.stats;
  }

  /** Lines waiting in the buffer (not counting requests in flight). */
  get bufferedLines(): number {
    return this.delivery.bufferedLines;
  }

  /** Encodes `metrics` into the buffer and calls back at once (success means buffered); fails after `shutdown()`. */
  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    if (this.shutdownPromise !== undefined) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('@meterwork/exporter-influx: export after shutdown') });
      return;
    }
    let lines: string[];
    try {
      lines = this.encoder.encode(metrics);
      if (this.selfMetrics) this.encodeSelfMetrics(lines, metrics.resource?.attributes);
    } catch (err) {
      diag.error('@meterwork/exporter-influx: encoding failed', err);
      resultCallback({ code: ExportResultCode.FAILED, error: err instanceof Error ? err : new Error(String(err)) });
      return;
    }
    // Success means "buffered": delivery continues in the background.
    this.delivery.enqueue(lines);
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  /**
   * Resolves once every line buffered or in flight at the call is delivered (or
   * refused by the server, or dropped); lines exported meanwhile are not waited
   * for. Rejects after `flushTimeoutMillis`.
   */
  forceFlush(): Promise<void> {
    return this.delivery.flush(this.flushTimeoutMillis);
  }

  /** Delivers everything buffered (within `flushTimeoutMillis`), then stops. */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.delivery.flush(this.flushTimeoutMillis, true).then(
      () => this.delivery.close(),
      (err: unknown) => {
        this.delivery.close();
        throw err;
      },
    );
    return this.shutdownPromise;
  }

  /** The `temporality` option, for every instrument type. */
  selectAggregationTemporality(_instrumentType: InstrumentType): AggregationTemporality {
    return this.temporality;
  }

  private encodeSelfMetrics(out: string[], resourceAttributes: Attributes | undefined): void {
    const s = this.delivery.stats;
    const now = hrTime();
    this.encoder.encodeCounter('meterwork.exporter.dropped', { reason: 'buffer_full' }, s.droppedLines, now, out, resourceAttributes);
    this.encoder.encodeCounter('meterwork.exporter.dropped', { reason: 'rejected' }, s.rejectedLines, now, out, resourceAttributes);
    if (this.reportsAbandoned)
      this.encoder.encodeCounter('meterwork.exporter.dropped', { reason: 'retries_exhausted' }, s.abandonedLines, now, out, resourceAttributes);
    this.encoder.encodeCounter('meterwork.exporter.sent', {}, s.sentLines, now, out, resourceAttributes);
  }
}
