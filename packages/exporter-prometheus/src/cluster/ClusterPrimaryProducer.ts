import type { Worker } from 'cluster';
import { diag } from '@opentelemetry/api';
import { emptyResource, resourceFromAttributes } from '@opentelemetry/resources';
import type { CollectionResult, MetricData, MetricProducer, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { positiveNumberOption } from '../options';
import { mergeCollections, type ClusterMergeOptions, type WorkerCollection } from './merge-collections';
import { COLLECT_REQUEST, isCollectResponse, type CollectRequest } from './messages';
import { encodeMeterworkMetric } from './standard-encoding';
import { nodeCluster } from './node-cluster';
import { decodeCollection } from './wire';

export interface ClusterPrimaryProducerOptions extends ClusterMergeOptions {
  /** How long to wait for the workers; the ones that have not answered by then are left out (diag.warn). @default 5000 */
  readonly timeoutMillis?: number | undefined;
}

let nextRequestId = 1;

/**
 * The primary side of cluster aggregation: a MetricProducer whose `collect()`
 * asks every connected worker (each with a {@link ClusterWorkerReader}) for
 * its metrics over cluster IPC and merges them: sums and histograms add,
 * gauges per worker (or per `gaugeAggregation`), meterwork summaries and
 * timers get quantiles computed over all workers' samples, meters and
 * go/no-go stats combine. Pass it in the `metricProducers` of any reader in
 * the primary (the pull reader serves all workers then), or call `collect()`
 * and serialise the result.
 */
export class ClusterPrimaryProducer implements MetricProducer {
  private readonly timeoutMillis: number;
  private readonly mergeOptions: ClusterMergeOptions;

  constructor(options: ClusterPrimaryProducerOptions = {}) {
    const { timeoutMillis, gaugeAggregation, workerLabel } = options;
    this.timeoutMillis = positiveNumberOption('ClusterPrimaryProducer', 'timeoutMillis', timeoutMillis, 5000);
    if (gaugeAggregation !== undefined && !['per_worker', 'sum', 'min', 'max', 'average'].includes(gaugeAggregation)) {
      throw new Error(`ClusterPrimaryProducer: option "gaugeAggregation" must be per_worker, sum, min, max or average, got ${String(gaugeAggregation)}`);
    }
    if (workerLabel !== undefined && !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(workerLabel)) {
      throw new Error(`ClusterPrimaryProducer: option "workerLabel" must be a valid label name, got ${String(workerLabel)}`);
    }
    this.mergeOptions = { gaugeAggregation, workerLabel };
  }

  async collect(): Promise<CollectionResult> {
    const errors: unknown[] = [];
    const workers = await this.askWorkers(errors);
    const merged = mergeCollections(workers, this.mergeOptions);
    const resourceMetrics: ResourceMetrics = {
      resource: workers.length > 0 ? resourceFromAttributes(workers[0]!.collection.resource) : emptyResource(),
      scopeMetrics: merged.map(({ scope, plain, meterwork }) => {
        const metrics: MetricData[] = plain.slice();
        for (const data of meterwork) metrics.push(...encodeMeterworkMetric(data));
        return { scope, metrics };
      }),
    };
    return { resourceMetrics, errors };
  }

  private askWorkers(errors: unknown[]): Promise<WorkerCollection[]> {
    const cluster = nodeCluster();
    const connected: Worker[] = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && w.isConnected());
    if (connected.length === 0) return Promise.resolve([]);
    const requestId = nextRequestId++;
    const pending = new Map<number, Worker>(connected.map((w) => [w.id, w]));
    const answers: WorkerCollection[] = [];
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        cluster.off('message', onMessage);
        cluster.off('exit', onExit);
        // stable order: by worker id
        answers.sort((a, b) => Number(a.workerId) - Number(b.workerId));
        resolve(answers);
      };
      const onMessage = (worker: Worker, message: unknown) => {
        if (!isCollectResponse(message) || message.requestId !== requestId || !pending.delete(worker.id)) return;
        if (message.payload !== undefined) {
          try {
            const collection = decodeCollection(message.payload);
            answers.push({ workerId: String(worker.id), collection });
            for (const e of collection.errors) errors.push(new Error(`worker ${worker.id}: ${e}`));
          } catch (error) {
            errors.push(new Error(`worker ${worker.id}: unreadable answer: ${(error as Error).message}`));
          }
        } else {
          errors.push(new Error(`worker ${worker.id}: collection failed: ${message.error ?? 'unknown error'}`));
        }
        if (pending.size === 0) finish();
      };
      const onExit = (worker: Worker) => {
        if (pending.delete(worker.id) && pending.size === 0) finish();
      };
      const timer = setTimeout(() => {
        const missing = [...pending.keys()].join(', ');
        diag.warn(`ClusterPrimaryProducer: workers ${missing} did not answer within ${this.timeoutMillis} ms; serving the others`);
        errors.push(new Error(`workers ${missing} did not answer within ${this.timeoutMillis} ms`));
        finish();
      }, this.timeoutMillis);
      timer.unref();
      cluster.on('message', onMessage);
      cluster.on('exit', onExit);
      const request: CollectRequest = { type: COLLECT_REQUEST, requestId };
      for (const worker of connected) {
        worker.send(request, undefined, (error: Error | null) => {
          if (error && pending.delete(worker.id)) {
            errors.push(new Error(`worker ${worker.id}: cannot send request: ${error.message}`));
            if (pending.size === 0) finish();
          }
        });
      }
    });
  }
}
