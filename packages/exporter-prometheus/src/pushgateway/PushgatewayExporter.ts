import type * as http from 'http';
import { diag } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { AggregationTemporality, type InstrumentType, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InvalidOptionError } from '@meterwork/core';
import {
  authorizationHeader,
  httpUrlOption,
  parseRetryAfter,
  resolveRetryOptions,
  retryDelayMillis,
  validateAuth,
  type ResolvedRetryOptions,
} from '@meterwork/core/internal';
import { PrometheusSerializer } from '../serializer/serializer';
import { PROMETHEUS_TEXT_CONTENT_TYPE } from '../serializer/types';
import { Backoff } from './backoff';
import { groupingKeyPath, validateGroupingKey } from './grouping-key';
import { httpRequest, type HttpResponse } from './http-request';
import type { PushgatewayExporterOptions, PushRequest } from './types';

const OWNER = 'PushgatewayExporter';
const RETRY_DEFAULTS: ResolvedRetryOptions = { maxRetries: 3, initialDelayMillis: 500, maxDelayMillis: 5000, maxRetryAfterMillis: 300_000 };

function positiveMillis(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new InvalidOptionError(OWNER, option, 'must be a finite number > 0', value);
  return value;
}

/** A status worth retrying: the gateway (or a proxy in front of it) is overloaded or failing. */
function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

/**
 * Pushes metrics to a Prometheus Pushgateway, for hosts Prometheus cannot
 * scrape (batch jobs, devices behind NAT): use it in a
 * `PeriodicExportingMetricReader`. Every export sends the Prometheus text
 * format of the whole collection (cumulative), so a PUT replaces the group.
 */
export class PushgatewayExporter implements PushMetricExporter {
  private readonly groupUrl: URL;
  private readonly headers: Record<string, string>;
  private readonly agent: http.Agent | undefined;
  private readonly requestHeaders: PushgatewayExporterOptions['requestHeaders'];
  private readonly method: 'PUT' | 'POST';
  private readonly requestTimeoutMillis: number;
  private readonly exportTimeoutMillis: number;
  private readonly retry: ResolvedRetryOptions;
  private readonly deleteOnShutdown: boolean;
  /** The push body is the Prometheus text format 0.0.4, which every Pushgateway version accepts. */
  private readonly serializer: PrometheusSerializer;
  private readonly backoff = new Backoff();
  /** The last accepted push; the next one starts after it (one request at a time, in export order). */
  private queue: Promise<unknown> = Promise.resolve();
  /** Number of the newest export; an older push that has not succeeded yet is superseded by it. */
  private generation = 0;
  /** `forceFlush()`/`shutdown()` calls waiting: retries are not delayed and the process is kept alive. */
  private waiting = 0;
  private isShutdown = false;

  constructor(options: PushgatewayExporterOptions) {
    if (options === null || typeof options !== 'object') throw new InvalidOptionError(OWNER, 'options', 'must be an object', options);
    const base = httpUrlOption(OWNER, 'url', options.url);
    const groupingKey = options.groupingKey ?? {};
    validateGroupingKey(options.job, groupingKey);
    const prefix = base.pathname.replace(/\/+$/, '');
    this.groupUrl = new URL(base.origin + prefix + groupingKeyPath(options.job, groupingKey));
    if (options.method !== undefined && options.method !== 'PUT' && options.method !== 'POST') {
      throw new InvalidOptionError(OWNER, 'method', "must be 'PUT' or 'POST'", options.method);
    }
    this.method = options.method ?? 'PUT';
    this.requestTimeoutMillis = positiveMillis('requestTimeoutMillis', options.requestTimeoutMillis, 10_000);
    this.exportTimeoutMillis = positiveMillis('exportTimeoutMillis', options.exportTimeoutMillis, 30_000);
    this.retry = resolveRetryOptions(OWNER, 'retry', options.retry, RETRY_DEFAULTS);
    this.deleteOnShutdown = options.deleteOnShutdown ?? false;
    this.serializer = new PrometheusSerializer(options.serializer);
    this.headers = { ...(options.headers ?? {}) };
    if (options.auth !== undefined) this.headers['Authorization'] = authorizationHeader(validateAuth(OWNER, 'auth', options.auth));
    if (options.agent !== undefined && (options.agent === null || typeof options.agent !== 'object'))
      throw new InvalidOptionError(OWNER, 'agent', 'must be an http.Agent', options.agent);
    this.agent = options.agent;
    if (options.requestHeaders !== undefined && typeof options.requestHeaders !== 'function')
      throw new InvalidOptionError(OWNER, 'requestHeaders', 'must be a function', options.requestHeaders);
    this.requestHeaders = options.requestHeaders;
  }

  /** The URL of this exporter's group (useful for checks and logs; no credentials in it). */
  get url(): string {
    return this.groupUrl.toString();
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    if (this.isShutdown) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('PushgatewayExporter is shut down') });
      return;
    }
    // A PUT replaces the group: an older push still retrying must never land
    // after a newer one (Prometheus would see counters go back), so pushes run
    // one after the other and an older one gives up once a newer export exists
    // (woken from its retry delay to do so at once).
    const generation = ++this.generation;
    this.backoff.wake();
    const push = this.queue
      .then(() => this.send(this.method, this.serializer.serialize(metrics, 'prometheus-text'), generation))
      .then(
        () => resultCallback({ code: ExportResultCode.SUCCESS }),
        (error: Error) => {
          diag.warn(`PushgatewayExporter: push to ${this.url} failed: ${error.message}`);
          resultCallback({ code: ExportResultCode.FAILED, error });
        },
      );
    this.queue = push.catch(() => undefined);
  }

  /** Prometheus needs cumulative data; a delta point would overwrite the group with one interval's count. */
  selectAggregationTemporality(_instrumentType: InstrumentType): AggregationTemporality {
    return AggregationTemporality.CUMULATIVE;
  }

  /**
   * Waits for every accepted push (they run one after the other, so the newest
   * settles last). A push waiting to retry retries at once; each push is
   * bounded by `exportTimeoutMillis`. Failures are reported through each
   * export's result and `diag`, not by rejecting.
   */
  async forceFlush(): Promise<void> {
    await this.whileWaiting(() => this.queue);
  }

  async shutdown(): Promise<void> {
    if (this.isShutdown) return;
    this.isShutdown = true;
    await this.whileWaiting(async () => {
      await this.queue;
      if (!this.deleteOnShutdown) return;
      try {
        await this.send('DELETE', undefined, undefined);
      } catch (error) {
        diag.warn(`PushgatewayExporter: deleting group ${this.url} failed: ${(error as Error).message}`);
      }
    });
  }

  /**
   * Runs `wait` with retries hurried and the event loop kept alive: a retry
   * delay is an unref'd timer, and a process awaiting `shutdown()` during one
   * used to exit there, its last push lost without a word.
   */
  private async whileWaiting(wait: () => Promise<unknown>): Promise<void> {
    this.waiting++;
    this.backoff.setKeepAlive(true);
    this.backoff.wake();
    try {
      await wait();
    } finally {
      if (--this.waiting === 0) this.backoff.setKeepAlive(false);
    }
  }

  /**
   * Sends with retries and backoff within `exportTimeoutMillis`; throws the
   * last error (and why it stopped). `generation` (pushes only): a newer
   * export makes this one stale.
   */
  private async send(method: string, body: string | undefined, generation: number | undefined): Promise<void> {
    const headers = body === undefined ? this.headers : { ...this.headers, 'Content-Type': PROMETHEUS_TEXT_CONTENT_TYPE };
    const deadline = Date.now() + this.exportTimeoutMillis;
    let last: Error | undefined;
    const fail = (reason: string): Error => new Error(last === undefined ? reason : `${last.message} (${reason})`);
    for (let attempt = 0; ; attempt++) {
      if (generation !== undefined && generation !== this.generation) throw fail('superseded by a newer export');
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw fail(`gave up: export timeout of ${this.exportTimeoutMillis} ms reached`);
      let retryAfter: number | undefined;
      try {
        const signed = this.requestHeaders
          ? {
              ...headers,
              ...this.requestHeaders({ method: method as PushRequest['method'], target: this.groupUrl.pathname + this.groupUrl.search, body: body ?? '' }),
            }
          : headers;
        const res: HttpResponse = await httpRequest(this.groupUrl, method, signed, body, Math.min(this.requestTimeoutMillis, remaining), this.agent);
        if (res.status >= 200 && res.status < 300) return;
        last = new Error(`${method} ${this.url} answered ${res.status}: ${res.body.slice(0, 200).trim()}`);
        if (!isRetryableStatus(res.status)) throw last;
        retryAfter = parseRetryAfter(res.retryAfter, Date.now());
      } catch (err) {
        if (err === last) throw err;
        last = err instanceof Error ? err : new Error(String(err));
      }
      if (attempt >= this.retry.maxRetries) throw last;
      // Someone awaits a flush or shutdown: retry now, then at the shortest delay (not in a tight loop).
      const delay = this.waiting > 0 ? (attempt === 0 ? 0 : this.retry.initialDelayMillis) : retryDelayMillis(attempt + 1, retryAfter, this.retry);
      diag.debug(`PushgatewayExporter: attempt ${attempt + 1} failed (${last.message}), retrying in ${Math.round(delay)} ms`);
      await this.backoff.sleep(Math.min(delay, Math.max(0, deadline - Date.now())));
    }
  }
}
