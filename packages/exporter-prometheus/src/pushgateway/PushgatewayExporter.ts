import { diag } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { AggregationTemporality, type InstrumentType, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { PrometheusSerializer } from '../serializer/serializer';
import { PROMETHEUS_TEXT_CONTENT_TYPE } from '../serializer/types';
import { groupingKeyPath, validateGroupingKey } from './grouping-key';
import { httpRequest, type HttpResponse } from './http-request';
import type { PushgatewayExporterOptions } from './types';

function checkedNumber(name: string, value: number | undefined, fallback: number, allowZero: boolean): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`PushgatewayExporter: option "${name}" must be a ${allowZero ? 'non-negative' : 'positive'} finite number, got ${String(value)}`);
  }
  return value;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
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
  private readonly method: 'PUT' | 'POST';
  private readonly timeoutMillis: number;
  private readonly maxRetries: number;
  private readonly retryInitialDelayMillis: number;
  private readonly retryMaxDelayMillis: number;
  private readonly deleteOnShutdown: boolean;
  /** The push body is the Prometheus text format 0.0.4, which every Pushgateway version accepts. */
  private readonly serializer: PrometheusSerializer;
  /** The last accepted push; the next one starts after it (one request at a time, in export order). */
  private queue: Promise<unknown> = Promise.resolve();
  /** Number of the newest export; an older push that has not succeeded yet is superseded by it. */
  private generation = 0;
  private isShutdown = false;

  constructor(options: PushgatewayExporterOptions) {
    if (options === null || typeof options !== 'object') throw new Error('PushgatewayExporter: options object is required');
    let base: URL;
    try {
      base = new URL(options.url);
    } catch {
      throw new Error(`PushgatewayExporter: option "url" is not a valid URL: ${String(options.url)}`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error('PushgatewayExporter: option "url" must be http: or https:');
    const groupingKey = options.groupingKey ?? {};
    validateGroupingKey(options.job, groupingKey);
    const prefix = base.pathname.replace(/\/+$/, '');
    this.groupUrl = new URL(base.origin + prefix + groupingKeyPath(options.job, groupingKey));
    if (options.method !== undefined && options.method !== 'PUT' && options.method !== 'POST') {
      throw new Error(`PushgatewayExporter: option "method" must be 'PUT' or 'POST', got ${String(options.method)}`);
    }
    this.method = options.method ?? 'PUT';
    this.timeoutMillis = checkedNumber('timeoutMillis', options.timeoutMillis, 10_000, false);
    this.maxRetries = checkedNumber('maxRetries', options.maxRetries, 3, true);
    if (!Number.isInteger(this.maxRetries)) throw new Error('PushgatewayExporter: option "maxRetries" must be an integer');
    this.retryInitialDelayMillis = checkedNumber('retryInitialDelayMillis', options.retryInitialDelayMillis, 500, true);
    this.retryMaxDelayMillis = checkedNumber('retryMaxDelayMillis', options.retryMaxDelayMillis, 5000, true);
    this.deleteOnShutdown = options.deleteOnShutdown ?? false;
    this.serializer = new PrometheusSerializer(options.serializer);
    this.headers = { ...(options.headers ?? {}) };
    const auth = options.auth;
    if (auth !== undefined) {
      if ('bearerToken' in auth && typeof auth.bearerToken === 'string' && auth.bearerToken.length > 0) {
        this.headers['Authorization'] = `Bearer ${auth.bearerToken}`;
      } else if ('username' in auth && typeof auth.username === 'string' && typeof auth.password === 'string') {
        this.headers['Authorization'] = `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
      } else {
        throw new Error('PushgatewayExporter: option "auth" must be { username, password } or { bearerToken }');
      }
    }
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
    // one after the other and an older one gives up once a newer export exists.
    const generation = ++this.generation;
    const push = this.queue.then(() => this.push(metrics, generation)).then(
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

  /** Waits for every accepted push: they run one after the other, so the newest settles last. */
  async forceFlush(): Promise<void> {
    await this.queue;
  }

  async shutdown(): Promise<void> {
    if (this.isShutdown) return;
    this.isShutdown = true;
    await this.forceFlush();
    if (this.deleteOnShutdown) {
      try {
        await this.send('DELETE', undefined);
      } catch (error) {
        diag.warn(`PushgatewayExporter: deleting group ${this.url} failed: ${(error as Error).message}`);
      }
    }
  }

  private async push(metrics: ResourceMetrics, generation: number): Promise<void> {
    // Checked before every attempt: a newer export makes this one stale; after
    // shutdown() began, the attempt under way is the last one (shutdown waits
    // at most one timeoutMillis plus one retry delay when the gateway is down).
    const stop = (attempt: number): string | undefined => {
      if (generation !== this.generation) return 'superseded by a newer export';
      return attempt > 0 && this.isShutdown ? 'not retried: the exporter is shutting down' : undefined;
    };
    await this.send(this.method, this.serializer.serialize(metrics, 'prometheus-text'), stop);
  }

  /** Sends with retries and exponential backoff; throws the last error (or why it stopped early). */
  private async send(method: string, body: string | undefined, stop: (attempt: number) => string | undefined = () => undefined): Promise<void> {
    const headers = body === undefined ? this.headers : { ...this.headers, 'Content-Type': PROMETHEUS_TEXT_CONTENT_TYPE };
    let delay = this.retryInitialDelayMillis;
    let last: Error | undefined;
    for (let attempt = 0; ; attempt++) {
      const reason = stop(attempt);
      if (reason !== undefined) throw new Error(last === undefined ? reason : `${last.message} (${reason})`);
      let error: Error;
      let retryable: boolean;
      try {
        const res: HttpResponse = await httpRequest(this.groupUrl, method, headers, body, this.timeoutMillis);
        if (res.status >= 200 && res.status < 300) return;
        error = new Error(`${method} ${this.url} answered ${res.status}: ${res.body.slice(0, 200).trim()}`);
        retryable = isRetryableStatus(res.status);
      } catch (err) {
        error = err instanceof Error ? err : new Error(String(err));
        retryable = true;
      }
      if (!retryable || attempt >= this.maxRetries) throw error;
      last = error;
      const early = stop(attempt + 1);
      if (early !== undefined) throw new Error(`${error.message} (${early})`);
      diag.debug(`PushgatewayExporter: attempt ${attempt + 1} failed (${error.message}), retrying in ${delay} ms`);
      await sleep(delay);
      delay = Math.min(delay * 2, this.retryMaxDelayMillis);
    }
  }
}
