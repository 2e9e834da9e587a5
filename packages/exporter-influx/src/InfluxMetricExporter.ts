import { randomBytes } from 'crypto';
import { validateHeaderName, validateHeaderValue } from 'http';
import { diag, type Attributes } from '@opentelemetry/api';
import { ExportResultCode, hrTime, type ExportResult } from '@opentelemetry/core';
import { AggregationTemporality, type InstrumentType, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { LineProtocolEncoder } from './encode/LineProtocolEncoder';
import { Delivery, type DeliveryStats } from './delivery/Delivery';
import { HttpTransport } from './delivery/HttpTransport';
import { fail } from './encode/options';
import type { InfluxMetricExporterOptions } from './options';

function positiveInt(options: object, name: string, fallback: number): number {
  const v = (options as Record<string, unknown>)[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(name, `must be a positive integer (got ${String(v)})`);
  return v;
}

function nonNegative(options: object | undefined, name: string, fallback: number, path = name): number {
  const v = options === undefined ? undefined : (options as Record<string, unknown>)[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail(path, `must be a non-negative number (got ${String(v)})`);
  return v;
}

/** Node would throw on every request (e.g. a newline in a token pasted from a file): refuse it now, naming the option. */
function checkHeader(option: string, name: string, value: string): void {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
  } catch (err) {
    fail(option, `is not a valid HTTP header (${(err as Error).message})`);
  }
}

/** The write URL and auth headers for the chosen target. */
export function buildWriteRequest(options: InfluxMetricExporterOptions, precision: string): { url: URL; headers: Record<string, string> } {
  let base: URL;
  try {
    base = new URL(options.url);
  } catch {
    fail('url', `is not a valid URL (got '${String(options.url)}')`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') fail('url', `must be http: or https: (got '${base.protocol}')`);
  const prefix = base.pathname.replace(/\/+$/, '');
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  for (const [name, value] of Object.entries(headers)) checkHeader('headers', name, value);
  if ((options.v1 === undefined) === (options.v2 === undefined)) fail('v1', "exactly one of 'v1' (database) and 'v2' (bucket) must be given");
  if (options.v1 !== undefined) {
    const t = options.v1;
    if (typeof t.database !== 'string' || t.database === '') fail('v1.database', 'must be a non-empty string');
    const url = new URL(prefix + '/write', base);
    url.searchParams.set('db', t.database);
    if (t.retentionPolicy !== undefined) url.searchParams.set('rp', t.retentionPolicy);
    url.searchParams.set('precision', precision === 'us' ? 'u' : precision);
    const method = t.authMethod ?? 'basic';
    if (method !== 'basic' && method !== 'query') fail('v1.authMethod', "must be 'basic' or 'query'");
    if (t.username !== undefined) {
      if (method === 'basic') {
        headers.Authorization = 'Basic ' + Buffer.from(`${t.username}:${t.password ?? ''}`).toString('base64');
      } else {
        url.searchParams.set('u', t.username);
        url.searchParams.set('p', t.password ?? '');
      }
    }
    return { url, headers };
  }
  const t = options.v2!;
  if (typeof t.bucket !== 'string' || t.bucket === '') fail('v2.bucket', 'must be a non-empty string');
  const url = new URL(prefix + '/api/v2/write', base);
  if (t.org !== undefined) url.searchParams.set('org', t.org);
  url.searchParams.set('bucket', t.bucket);
  url.searchParams.set('precision', precision);
  if (t.token !== undefined) {
    headers.Authorization = `Token ${t.token}`;
    checkHeader('v2.token', 'Authorization', headers.Authorization);
  }
  return { url, headers };
}

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
  private shutdownPromise: Promise<void> | undefined;

  constructor(options: InfluxMetricExporterOptions) {
    if (options === null || typeof options !== 'object') throw new Error('@meterwork/exporter-influx: options are required');
    let defaultTags = options.defaultTags;
    if (options.sessionIdTag !== undefined) {
      if (typeof options.sessionIdTag !== 'string' || options.sessionIdTag === '') fail('sessionIdTag', 'must be a non-empty string');
      this.sessionId = randomBytes(8).toString('hex');
      defaultTags = { ...(defaultTags ?? {}), [options.sessionIdTag]: this.sessionId };
    }
    this.encoder = new LineProtocolEncoder({ ...options, defaultTags });
    const { url, headers } = buildWriteRequest(options, this.encoder.options.precision);
    const requestTimeoutMillis = positiveInt(options, 'requestTimeoutMillis', 10000);
    this.flushTimeoutMillis = positiveInt(options, 'flushTimeoutMillis', 30000);
    const batchLines = positiveInt(options, 'batchLines', 5000);
    const batchBytes = positiveInt(options, 'batchBytes', 1048576);
    const maxInFlight = positiveInt(options, 'maxInFlight', 2);
    const maxBufferLines = positiveInt(options, 'maxBufferLines', 100000);
    const maxBufferBytes = positiveInt(options, 'maxBufferBytes', 33554432);
    const retry = {
      minDelayMillis: nonNegative(options.retry, 'minDelayMillis', 1000, 'retry.minDelayMillis'),
      maxDelayMillis: nonNegative(options.retry, 'maxDelayMillis', 30000, 'retry.maxDelayMillis'),
      maxRetryAfterMillis: nonNegative(options.retry, 'maxRetryAfterMillis', 300000, 'retry.maxRetryAfterMillis'),
    };
    this.temporality = options.temporality ?? AggregationTemporality.CUMULATIVE;
    if (this.temporality !== AggregationTemporality.CUMULATIVE && this.temporality !== AggregationTemporality.DELTA) fail('temporality', 'must be an AggregationTemporality');
    this.selfMetrics = options.selfMetrics ?? true;
    this.delivery = new Delivery({
      transport: new HttpTransport({ url, headers, agent: options.agent, timeoutMillis: requestTimeoutMillis }),
      batchLines,
      batchBytes,
      maxInFlight,
      maxBufferLines,
      maxBufferBytes,
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

  selectAggregationTemporality(_instrumentType: InstrumentType): AggregationTemporality {
    return this.temporality;
  }

  private encodeSelfMetrics(out: string[], resourceAttributes: Attributes | undefined): void {
    const s = this.delivery.stats;
    const now = hrTime();
    this.encoder.encodeCounter('meterwork.exporter.dropped', { reason: 'buffer_full' }, s.droppedLines, now, out, resourceAttributes);
    this.encoder.encodeCounter('meterwork.exporter.dropped', { reason: 'rejected' }, s.rejectedLines, now, out, resourceAttributes);
    this.encoder.encodeCounter('meterwork.exporter.sent', {}, s.sentLines, now, out, resourceAttributes);
  }
}
