import { diag } from '@opentelemetry/api';
import { MetricReader, type MetricReaderOptions } from '@opentelemetry/sdk-metrics';
import { InvalidOptionError } from '@meterwork/core';
import { ProducerOptionsKey } from '@meterwork/core/internal';
import { COLLECT_RESPONSE, isCollectRequest, type CollectRequest, type CollectResponse } from './messages';
import { nodeCluster } from './node-cluster';
import { encodeCollection } from './wire';

export interface ClusterWorkerReaderOptions extends MetricReaderOptions {
  /** Timeout of one collection (asynchronous instrument callbacks). @default 5000 */
  readonly collectTimeoutMillis?: number | undefined;
}

/**
 * The worker side of cluster aggregation: register it with the worker's
 * MeterProvider; when the primary asks (over cluster IPC), it collects and
 * answers with the whole collection. Build the provider with
 * `meterwork.createMeterProvider({ readers: [reader] })` (or add a producer made with
 * `meterwork.createProducer({ includeSamples: true })` to `metricProducers`) so summaries and timers carry
 * their samples and the primary can compute quantiles over all workers.
 * Outside a cluster worker (no IPC channel) it does nothing.
 */
export class ClusterWorkerReader extends MetricReader {
  /** `meterwork.createMeterProvider` gives this reader a producer with the samples the primary merges. */
  readonly [ProducerOptionsKey] = { includeSamples: true } as const;
  private readonly collectTimeoutMillis: number;
  private listener: ((message: unknown) => void) | undefined;

  constructor(options: ClusterWorkerReaderOptions = {}) {
    super(options);
    const { collectTimeoutMillis } = options;
    if (
      collectTimeoutMillis !== undefined &&
      !(typeof collectTimeoutMillis === 'number' && Number.isFinite(collectTimeoutMillis) && collectTimeoutMillis > 0)
    ) {
      throw new InvalidOptionError('ClusterWorkerReader', 'collectTimeoutMillis', 'must be a finite number > 0', collectTimeoutMillis);
    }
    this.collectTimeoutMillis = collectTimeoutMillis ?? 5000;
  }

  /** Listening starts when a MeterProvider binds the reader, not in the constructor. */
  protected override onInitialized(): void {
    if (!nodeCluster().isWorker || typeof process.send !== 'function' || this.listener !== undefined) return;
    this.listener = (message: unknown) => {
      if (isCollectRequest(message)) void this.answer(message);
    };
    process.on('message', this.listener);
  }

  protected override async onShutdown(): Promise<void> {
    if (this.listener !== undefined) process.off('message', this.listener);
    this.listener = undefined;
  }

  protected override async onForceFlush(): Promise<void> {}

  private async answer(request: CollectRequest): Promise<void> {
    let response: CollectResponse;
    try {
      const { resourceMetrics, errors } = await this.collect({ timeoutMillis: this.collectTimeoutMillis });
      response = { type: COLLECT_RESPONSE, requestId: request.requestId, payload: encodeCollection(resourceMetrics, errors) };
    } catch (error) {
      response = { type: COLLECT_RESPONSE, requestId: request.requestId, error: (error as Error)?.message ?? String(error) };
    }
    if (typeof process.send !== 'function' || !process.connected) return;
    process.send(response, undefined, undefined, (error: Error | null) => {
      if (error) diag.warn(`ClusterWorkerReader: cannot answer the primary: ${error.message}`);
    });
  }
}
