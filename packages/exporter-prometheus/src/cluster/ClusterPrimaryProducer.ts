import type { Worker } from 'cluster';
import { diag } from '@opentelemetry/api';
import { InvalidOptionError } from '@meterwork/core';
import { emptyResource, resourceFromAttributes } from '@opentelemetry/resources';
import type { CollectionResult, MetricData, MetricProducer, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { CarriedTotals } from './carried-totals';
import { mergeCollections, type ClusterMergeOptions } from './merge-collections';
import { COLLECT_REQUEST, isCollectResponse, type CollectRequest, type CollectResponse } from './messages';
import { encodeMeterworkMetric } from './standard-encoding';
import { nodeCluster } from './node-cluster';
import { decodeCollection, type WireCollection } from './wire';

const OWNER = 'ClusterPrimaryProducer';

export interface ClusterPrimaryProducerOptions extends ClusterMergeOptions {
  /**
   * How long to wait for the workers. A worker that has not answered by then
   * is served from its last collection (`diag.warn` naming it), so the
   * cluster's counters do not drop for one scrape; its answer, when it comes,
   * is kept for the next collection.
   * @default 5000
   */
  readonly timeoutMillis?: number | undefined;
}

let nextRequestId = 1;
const MAX_UNANSWERED = 32;

/** A worker's newest collection and the request it answered. */
interface LastCollection {
  readonly collection: WireCollection;
  readonly requestId: number;
}

/** One `collect()`: the workers asked and not answered yet. */
interface Round {
  readonly pending: Set<number>;
  readonly errors: unknown[];
  finish(): void;
}

/**
 * The primary side of cluster aggregation: a MetricProducer whose `collect()`
 * asks every connected worker (each with a {@link ClusterWorkerReader}) for
 * its metrics over cluster IPC and merges them: sums and histograms add,
 * gauges per worker (or per `gaugeAggregation`), meterwork summaries and
 * timers get quantiles computed over all workers' samples, meters and
 * go/no-go stats combine. Pass it in the `metricProducers` of any reader in
 * the primary (the pull reader serves all workers then), or call `collect()`
 * and serialise the result.
 *
 * Cumulative data never goes backwards: a worker that answers late is served
 * from its last collection, and the counts and sums of a worker that exited
 * are carried forward (its gauges are dropped).
 */
export class ClusterPrimaryProducer implements MetricProducer {
  private readonly timeoutMillis: number;
  private readonly mergeOptions: ClusterMergeOptions;
  /** Each live worker's newest collection, by worker id. */
  private readonly last = new Map<number, LastCollection>();
  /** Requests sent to each worker and not answered yet (ids ascending). */
  private readonly unanswered = new Map<number, number[]>();
  private readonly carried = new CarriedTotals();
  /** Collections under way (scrapes may overlap), by request id. */
  private readonly rounds = new Map<number, Round>();
  private listening = false;

  constructor(options: ClusterPrimaryProducerOptions = {}) {
    const { timeoutMillis, gaugeAggregation, workerLabel } = options;
    if (timeoutMillis !== undefined && !(typeof timeoutMillis === 'number' && Number.isFinite(timeoutMillis) && timeoutMillis > 0)) {
      throw new InvalidOptionError(OWNER, 'timeoutMillis', 'must be a finite number > 0', timeoutMillis);
    }
    this.timeoutMillis = timeoutMillis ?? 5000;
    if (gaugeAggregation !== undefined && !['per_worker', 'sum', 'min', 'max', 'average'].includes(gaugeAggregation)) {
      throw new InvalidOptionError(OWNER, 'gaugeAggregation', 'must be per_worker, sum, min, max or average', gaugeAggregation);
    }
    if (workerLabel !== undefined && !(typeof workerLabel === 'string' && /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(workerLabel))) {
      throw new InvalidOptionError(OWNER, 'workerLabel', 'must be a valid label name', workerLabel);
    }
    this.mergeOptions = { gaugeAggregation, workerLabel };
  }

  async collect(): Promise<CollectionResult> {
    const errors: unknown[] = [];
    await this.askWorkers(errors);
    this.retireGoneWorkers();
    const workers = [...this.last.entries()].sort(([a], [b]) => a - b).map(([id, last]) => ({ workerId: String(id), collection: last.collection }));
    const merged = this.carried.apply(mergeCollections(workers, this.mergeOptions));
    const resourceAttributes = workers[0]?.collection.resource ?? this.carried.resource;
    const resourceMetrics: ResourceMetrics = {
      resource: resourceAttributes !== undefined ? resourceFromAttributes(resourceAttributes) : emptyResource(),
      scopeMetrics: merged.map(({ scope, plain, meterwork }) => {
        const metrics: MetricData[] = plain.slice();
        for (const data of meterwork) metrics.push(...encodeMeterworkMetric(data));
        return { scope, metrics };
      }),
    };
    return { resourceMetrics, errors };
  }

  /** Workers that exited (or lost their IPC channel) since: their totals are carried, their gauges dropped. */
  private retireGoneWorkers(): void {
    const workers = nodeCluster().workers ?? {};
    for (const [id, last] of this.last) {
      if (workers[id]?.isConnected()) continue;
      this.carried.retire(last.collection, String(id));
      this.last.delete(id);
      this.unanswered.delete(id);
      diag.info(`${OWNER}: worker ${id} is gone; its counts and sums are carried forward, its gauges dropped`);
    }
    this.stopListeningIfIdle();
  }

  /** Asks every connected worker; resolves when all answered, exited, or the timeout passed. */
  private askWorkers(errors: unknown[]): Promise<void> {
    const connected = Object.values(nodeCluster().workers ?? {}).filter((w): w is Worker => w !== undefined && w.isConnected());
    if (connected.length === 0) return Promise.resolve();
    const requestId = nextRequestId++;
    this.listen();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.timedOut(round), this.timeoutMillis);
      timer.unref();
      const round: Round = {
        pending: new Set(connected.map((w) => w.id)),
        errors,
        finish: () => {
          clearTimeout(timer);
          this.rounds.delete(requestId);
          resolve();
        },
      };
      this.rounds.set(requestId, round);
      const request: CollectRequest = { type: COLLECT_REQUEST, requestId };
      for (const worker of connected) {
        const ids = this.unanswered.get(worker.id) ?? [];
        ids.push(requestId);
        // A worker that never answers: remember its newest requests only.
        if (ids.length > MAX_UNANSWERED) ids.shift();
        this.unanswered.set(worker.id, ids);
        worker.send(request, undefined, (error: Error | null) => {
          if (error && round.pending.delete(worker.id)) {
            errors.push(new Error(`worker ${worker.id}: cannot send request: ${error.message}`));
            if (round.pending.size === 0) round.finish();
          }
        });
      }
    });
  }

  private timedOut(round: Round): void {
    const late = [...round.pending];
    const served = late.filter((id) => this.last.has(id));
    const unserved = late.filter((id) => !this.last.has(id));
    const parts: string[] = [];
    if (served.length > 0) parts.push(`serving the last collection of worker ${served.join(', ')}`);
    if (unserved.length > 0) parts.push(`worker ${unserved.join(', ')} never answered and is left out`);
    diag.warn(`${OWNER}: worker ${late.join(', ')} did not answer within ${this.timeoutMillis} ms; ${parts.join('; ')}`);
    round.errors.push(new Error(`workers ${late.join(', ')} did not answer within ${this.timeoutMillis} ms`));
    round.finish();
  }

  /**
   * Listens to the workers while some request of this producer is unanswered:
   * an answer that comes after the timeout still becomes the worker's last
   * collection. Other producers' requests (ids this one did not send) are ignored.
   */
  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    const cluster = nodeCluster();
    cluster.on('message', this.onMessage);
    cluster.on('exit', this.onExit);
  }

  private stopListeningIfIdle(): void {
    if (!this.listening || this.rounds.size > 0 || this.unanswered.size > 0) return;
    this.listening = false;
    const cluster = nodeCluster();
    cluster.off('message', this.onMessage);
    cluster.off('exit', this.onExit);
  }

  private readonly onMessage = (worker: Worker, message: unknown): void => {
    if (!isCollectResponse(message)) return;
    const ids = this.unanswered.get(worker.id);
    const index = ids?.indexOf(message.requestId) ?? -1;
    if (ids === undefined || index < 0) return;
    ids.splice(index, 1);
    if (ids.length === 0) this.unanswered.delete(worker.id);
    const round = this.rounds.get(message.requestId);
    this.keep(worker.id, message, round?.errors);
    if (round !== undefined && round.pending.delete(worker.id) && round.pending.size === 0) round.finish();
    this.stopListeningIfIdle();
  };

  private readonly onExit = (worker: Worker): void => {
    this.unanswered.delete(worker.id);
    for (const round of [...this.rounds.values()]) if (round.pending.delete(worker.id) && round.pending.size === 0) round.finish();
    this.stopListeningIfIdle();
  };

  /** Keeps a worker's answer as its last collection (if newer); `errors` is the current round's, when it answers it. */
  private keep(workerId: number, message: CollectResponse, errors: unknown[] | undefined): void {
    if (message.payload === undefined) {
      errors?.push(new Error(`worker ${workerId}: collection failed: ${message.error ?? 'unknown error'}`));
      return;
    }
    try {
      const collection = decodeCollection(message.payload);
      const previous = this.last.get(workerId);
      if (previous === undefined || previous.requestId < message.requestId) this.last.set(workerId, { collection, requestId: message.requestId });
      if (errors !== undefined) for (const e of collection.errors) errors.push(new Error(`worker ${workerId}: ${e}`));
    } catch (error) {
      errors?.push(new Error(`worker ${workerId}: unreadable answer: ${(error as Error).message}`));
    }
  }
}
