import { diag } from '@opentelemetry/api';
import { LineBuffer, lineBytes } from './LineBuffer';
import { parseRetryAfter, retryDelayMillis, type ResolvedRetryOptions } from '@meterwork/core/internal';
import type { Transport, TransportResponse } from './HttpTransport';

export interface DeliveryOptions {
  readonly transport: Transport;
  readonly batchLines: number;
  readonly batchBytes: number;
  readonly maxInFlight: number;
  readonly maxBufferLines: number;
  readonly maxBufferBytes: number;
  readonly retry: ResolvedRetryOptions;
  readonly random?: () => number;
  /** Told about every failed request (the lines are kept or counted as said in the error). */
  readonly onError?: (error: Error) => void;
}

/** Counters since start. */
export interface DeliveryStats {
  /** Lines the server accepted. */
  sentLines: number;
  /** Oldest lines dropped because the buffer was full. */
  droppedLines: number;
  /** Lines the server refused (bad lines in a 400 partial write, other 4xx). */
  rejectedLines: number;
  /** Lines given up after `retry.maxRetries` failed retries (none with the default, `Infinity`). */
  abandonedLines: number;
  /** Requests that failed and were retried. */
  retries: number;
}

interface Waiter {
  resolve(): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
  /** Lines with a sequence number below this one are waited for. */
  watermark: number;
  /** How many of them are still buffered or in flight; undefined: wait until idle (shutdown). */
  pending: number | undefined;
}

/** A request's lines and their buffer sequence numbers. */
interface Batch {
  readonly lines: string[];
  readonly seqs: number[];
}

const PARTIAL_DROPPED = /dropped=(\d+)/;

/**
 * Owns delivery of lines: a bounded buffer (drop oldest), batches by lines and
 * bytes, at most `maxInFlight` requests, retries with backoff (Retry-After
 * honoured), 413 splits, 400 partial writes keep the good lines.
 */
export class Delivery {
  readonly stats: DeliveryStats = { sentLines: 0, droppedLines: 0, rejectedLines: 0, abandonedLines: 0, retries: 0 };
  private readonly buffer: LineBuffer;
  private inFlight = 0;
  private attempt = 0;
  private backoff: NodeJS.Timeout | undefined;
  private backoffUntil = 0;
  private waiters: Waiter[] = [];
  private lastError: Error | undefined;
  private closed = false;
  private inFlightLines = 0;
  /** Batch limits; a 413 lowers them for good (the server's limit does not change). */
  private batchLines: number;
  private batchBytes: number;
  /**
   * Failed attempts per buffered line (by sequence number), kept only when
   * `retry.maxRetries` is finite: batches are re-cut from the buffer, so the
   * count travels with the lines rather than with a request.
   */
  private readonly failures: Map<number, number> | undefined;

  constructor(private readonly options: DeliveryOptions) {
    this.batchLines = options.batchLines;
    this.batchBytes = options.batchBytes;
    this.failures = Number.isFinite(options.retry.maxRetries) ? new Map() : undefined;
    this.buffer = new LineBuffer(options.maxBufferLines, options.maxBufferBytes, (n, seqs) => {
      this.stats.droppedLines += n;
      diag.warn(`@meterwork/exporter-influx: buffer full, ${n} oldest line(s) dropped`);
      this.finished(seqs);
    });
  }

  get bufferedLines(): number {
    return this.buffer.lines;
  }

  get inFlightRequests(): number {
    return this.inFlight;
  }

  enqueue(lines: readonly string[]): void {
    if (lines.length === 0) return;
    this.buffer.push(lines);
    this.pump();
  }

  /**
   * Resolves when every line buffered or in flight now is delivered, refused or
   * dropped (lines enqueued later are not waited for, so a flush under constant
   * load ends); with `all`, when the buffer is empty and nothing is in flight
   * (shutdown). Rejects after `timeoutMillis`.
   */
  flush(timeoutMillis: number, all = false): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        watermark: this.buffer.nextSeq,
        pending: all ? undefined : this.buffer.lines + this.inFlightLines,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          const last = this.lastError ? ` (last error: ${this.lastError.message})` : '';
          const undelivered = waiter.pending ?? this.buffer.lines + this.inFlightLines;
          reject(new Error(`@meterwork/exporter-influx: flush timed out after ${timeoutMillis} ms with ${undelivered} line(s) undelivered${last}`));
        }, timeoutMillis),
      };
      // Not unref'd: while someone awaits a flush (or shutdown) the process
      // stays up until delivery or this timeout. Unref'd, a process awaiting
      // shutdown during a retry backoff exited at once, its lines lost unsaid.
      this.waiters.push(waiter);
      // Someone now waits (shutdown, a SIGTERM grace period): the pending backoff
      // was sized for background retries after a long outage (up to
      // maxDelayMillis), and the server is often back by now. Try at once; while
      // a flush waits, failed writes are retried at the first-retry pace.
      this.cancelBackoff();
      this.pump();
    });
  }

  /** Stops retrying and sending; destroys the transport's own agent (callers flush first). */
  close(): void {
    this.closed = true;
    this.cancelBackoff();
    this.options.transport.close();
  }

  private cancelBackoff(): void {
    if (this.backoff === undefined) return;
    clearTimeout(this.backoff);
    this.backoff = undefined;
  }

  private idle(): boolean {
    return this.buffer.lines === 0 && this.inFlight === 0;
  }

  private pump(): void {
    const o = this.options;
    while (!this.closed && this.backoff === undefined && this.inFlight < o.maxInFlight && this.buffer.lines > 0) {
      const seqs: number[] = [];
      const lines = this.buffer.take(this.batchLines, this.batchBytes, seqs);
      this.sendBatch({ lines, seqs });
    }
    this.checkIdle();
  }

  private sendBatch(batch: Batch): void {
    this.inFlight++;
    this.inFlightLines += batch.lines.length;
    this.options.transport.send(batch.lines.join('\n')).then(
      (res) => this.settle(batch, () => this.onResponse(batch, res)),
      (err: unknown) => this.settle(batch, () => this.retryLater(batch, err instanceof Error ? err : new Error(String(err)), undefined)),
    );
  }

  private settle(batch: Batch, handle: () => void): void {
    this.inFlight--;
    this.inFlightLines -= batch.lines.length;
    try {
      handle();
    } catch (err) {
      diag.error('@meterwork/exporter-influx: delivery bookkeeping failed', err);
    }
    this.pump();
  }

  private onResponse(b: Batch, res: TransportResponse): void {
    const batch = b.lines;
    const { status } = res;
    if (status >= 200 && status < 300) {
      this.stats.sentLines += batch.length;
      this.attempt = 0;
      this.finished(b.seqs);
      return;
    }
    const detail = `HTTP ${status}${res.body ? `: ${res.body.trim()}` : ''}`;
    if (status === 413) {
      if (batch.length > 1) {
        // Too large: retry both halves right away (not a server fault, no backoff).
        let bytes = 0;
        for (const line of batch) bytes += lineBytes(line);
        this.batchLines = Math.max(1, Math.ceil(batch.length / 2));
        this.batchBytes = Math.max(1, Math.floor(bytes / 2));
        this.buffer.unshift(batch, b.seqs);
        return;
      }
      this.reject(
        b,
        batch.length,
        new Error(`@meterwork/exporter-influx: a single line is too large for the server (${lineBytes(batch[0])} bytes), dropped: ${detail}`),
      );
      return;
    }
    if (status === 400 || (status === 422 && PARTIAL_DROPPED.test(res.body))) {
      // InfluxDB writes the good lines and answers "partial write: ... dropped=N"
      // (1.x: 400; OSS 2.x: 422 Unprocessable Entity, the same message).
      // Its `dropped=N` leaves out lines it could not parse (1.6.7 says dropped=0 for
      // those), so they are counted from the message; no `dropped=` means nothing was written.
      const m = PARTIAL_DROPPED.exec(res.body);
      const unparsable = res.body.split('unable to parse').length - 1;
      const dropped = m ? Math.min(batch.length, Number(m[1]) + unparsable) : batch.length;
      this.stats.sentLines += batch.length - dropped;
      this.attempt = 0;
      this.reject(b, dropped, new Error(`@meterwork/exporter-influx: server refused ${dropped} of ${batch.length} line(s): ${detail}`));
      return;
    }
    if (status === 429 || status >= 500 || status === 401 || status === 403 || status === 404) {
      // Overload and outages pass; auth and missing database are configuration the
      // operator can fix (create the database): keep the data and keep trying.
      const hint = status === 404 ? ' (database or bucket not found?)' : status === 401 || status === 403 ? ' (authentication)' : '';
      this.retryLater(
        b,
        new Error(`@meterwork/exporter-influx: write failed${hint}, ${batch.length} line(s) kept for retry: ${detail}`),
        parseRetryAfter(res.retryAfter, Date.now()),
      );
      return;
    }
    this.reject(b, batch.length, new Error(`@meterwork/exporter-influx: write refused, ${batch.length} line(s) dropped: ${detail}`));
  }

  /** The batch is done with (not resent); `lines` of it were refused. */
  private reject(batch: Batch, lines: number, error: Error): void {
    this.stats.rejectedLines += lines;
    this.finished(batch.seqs);
    this.report(error);
  }

  private retryLater(batch: Batch, error: Error, retryAfterMillis: number | undefined): void {
    if (this.retriesExhausted(batch)) {
      const max = this.options.retry.maxRetries;
      this.stats.abandonedLines += batch.lines.length;
      this.finished(batch.seqs);
      this.report(
        new Error(
          `@meterwork/exporter-influx: ${batch.lines.length} line(s) given up after ${max} retr${max === 1 ? 'y' : 'ies'} (retry.maxRetries): ${error.message}`,
        ),
      );
    } else {
      this.stats.retries++;
      this.buffer.unshift(batch.lines, batch.seqs);
      this.report(error);
    }
    if (this.closed) return;
    this.attempt++;
    let delay = retryDelayMillis(this.attempt, retryAfterMillis, this.options.retry, this.options.random);
    // A flush waits for these lines: do not sleep through its time budget.
    if (this.waiters.length > 0) delay = Math.min(delay, this.options.retry.initialDelayMillis);
    const until = Date.now() + delay;
    if (this.backoff !== undefined) {
      if (until <= this.backoffUntil) return;
      clearTimeout(this.backoff);
    }
    this.backoffUntil = until;
    this.backoff = setTimeout(() => {
      this.backoff = undefined;
      this.pump();
    }, delay);
    this.backoff.unref();
  }

  private report(error: Error): void {
    this.lastError = error;
    diag.error(error.message);
    try {
      this.options.onError?.(error);
    } catch {
      /* a user callback must not break delivery */
    }
  }

  /** Counts a failed attempt of `batch`; true when its lines have had `retry.maxRetries` retries already. */
  private retriesExhausted(batch: Batch): boolean {
    const failures = this.failures;
    if (failures === undefined) return false;
    let n = 0;
    for (const seq of batch.seqs) n = Math.max(n, failures.get(seq) ?? 0);
    n++;
    if (n > this.options.retry.maxRetries) return true;
    for (const seq of batch.seqs) failures.set(seq, n);
    return false;
  }

  /** Lines delivered, refused or dropped for good: counted off the flushes waiting for them. */
  private finished(seqs: readonly number[]): void {
    if (this.failures !== undefined) for (const seq of seqs) this.failures.delete(seq);
    for (const w of this.waiters) {
      if (w.pending === undefined) continue;
      for (const seq of seqs) if (seq < w.watermark) w.pending--;
    }
  }

  /** Resolves the flushes whose lines are all done (every flush when idle). */
  private checkIdle(): void {
    if (this.waiters.length === 0) return;
    const idle = this.idle();
    const done = this.waiters.filter((w) => idle || (w.pending !== undefined && w.pending <= 0));
    if (done.length === 0) return;
    this.waiters = this.waiters.filter((w) => !done.includes(w));
    for (const w of done) {
      clearTimeout(w.timer);
      w.resolve();
    }
  }
}
