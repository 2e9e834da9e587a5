/**
 * Regression: after an outage, `forceFlush()` / `shutdown()` waited out the
 * pending retry backoff (15-18 s measured with the database already back, up
 * to the 30 s cap; Kubernetes kills a pod 30 s after SIGTERM). A flush now
 * cancels the backoff and tries at once, and while it waits, failed writes are
 * retried every `retry.initialDelayMillis`.
 *
 * Fake timers are the clock: nothing here waits for real time except the
 * loopback I/O of the fake server (setImmediate and nextTick stay real).
 */
import { diag } from '@opentelemetry/api';
import { Delivery } from '../../src/delivery/Delivery';
import { HttpTransport } from '../../src/delivery/HttpTransport';
import { InfluxMetricExporter } from '../../src';
import { FakeInflux, status } from '../delivery/fakeServer';
import { gauge, resourceMetrics } from '../util';

/**
 * Event-loop turns until `condition` holds. The clock is fake, so this counts turns, not time: loopback
 * I/O on a busy machine can take many turns, and a condition that never holds still ends the test.
 */
async function until(condition: () => boolean, maxRounds = 1_000_000): Promise<void> {
  for (let i = 0; i < maxRounds && !condition(); i++) await new Promise((r) => setImmediate(r));
  expect(condition()).toBe(true);
}

async function settleIo(rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

const lines = (n: number, prefix = 'm') => Array.from({ length: n }, (_, i) => `${prefix} v=${i} ${i}`);

describe('a flush cancels the retry backoff (fake timers)', () => {
  let server: FakeInflux;
  let up: boolean;
  let delivery: Delivery | undefined;

  beforeAll(() => diag.disable());
  beforeEach(async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    server = new FakeInflux();
    up = false;
    server.fallback = (req, res) => (up ? res.writeHead(204).end() : status(503, 'down')(req, res));
    await server.start();
  });
  afterEach(async () => {
    delivery?.close();
    delivery = undefined;
    jest.useRealTimers();
    await server.stop();
  });

  /** Default backoff (1 s doubling to 30 s); `random: () => 1` makes each delay its maximum. */
  function create(): Delivery {
    delivery = new Delivery({
      transport: new HttpTransport({ url: new URL(server.url + '/write?db=x'), headers: {}, timeoutMillis: 10_000 }),
      batchLines: 100,
      batchBytes: 1e6,
      maxInFlight: 1,
      maxBufferLines: 10_000,
      maxBufferBytes: 1e7,
      retry: { maxRetries: Infinity, initialDelayMillis: 1000, maxDelayMillis: 30_000, maxRetryAfterMillis: 300_000 },
      random: () => 1,
    });
    return delivery;
  }

  /** Fails `n` times in a row while the server is down; the last backoff is then 2^(n-1) s (capped at 30 s). */
  async function outage(d: Delivery, n: number): Promise<void> {
    d.enqueue(lines(10));
    await until(() => d.stats.retries === 1);
    for (let attempt = 2; attempt <= n; attempt++) {
      jest.advanceTimersByTime(Math.min(30_000, 1000 * 2 ** (attempt - 2)));
      await until(() => d.stats.retries === attempt);
    }
  }

  it('forceFlush after the server is back delivers at once, not after the pending 16 s backoff', async () => {
    const d = create();
    await outage(d, 5); // the pending backoff is now 16 s
    up = true;
    jest.advanceTimersByTime(1000); // the database has been back for 1 s
    await settleIo();
    expect(server.requests).toHaveLength(5); // still backing off: nobody asked to flush

    let flushed = false;
    const flush = d.flush(30_000).then(() => (flushed = true));
    await until(() => flushed); // no fake time passes: the flush did not wait for a timer
    await flush;
    expect(server.requests).toHaveLength(6);
    expect(server.requests[5].lines).toEqual(lines(10));
    expect(d.stats).toMatchObject({ sentLines: 10, retries: 5, droppedLines: 0 });
  }, 60_000);

  it('while a flush waits and the server is still down, retries every initialDelayMillis, then delivers soon after it returns', async () => {
    const d = create();
    await outage(d, 6); // pending backoff: 30 s (the cap)
    let flushed = false;
    const flush = d.flush(30_000, true).then(() => (flushed = true));
    await until(() => d.stats.retries === 7); // tried at once: still down
    for (let retry = 8; retry <= 10; retry++) {
      jest.advanceTimersByTime(999);
      await settleIo();
      expect(d.stats.retries).toBe(retry - 1);
      jest.advanceTimersByTime(1);
      await until(() => d.stats.retries === retry);
    }
    up = true;
    jest.advanceTimersByTime(1000);
    await until(() => flushed);
    await flush;
    expect(d.stats).toMatchObject({ sentLines: 10, retries: 10 });
    expect(d.bufferedLines).toBe(0);
  }, 60_000);

  it('exporter.shutdown() after the outage delivers every buffered line without waiting out a 15-30 s backoff', async () => {
    const exporter = new InfluxMetricExporter({
      url: server.url,
      v1: { database: 'db' },
      selfMetrics: false,
      scopeTags: false,
      retry: { initialDelayMillis: 30_000, maxDelayMillis: 30_000 },
    });
    exporter.export(resourceMetrics([0, 1, 2].map((i) => gauge(`g${i}`, [[{}, i]]))), () => undefined);
    await until(() => exporter.stats.retries === 1); // first failure: the backoff is now 15-30 s
    up = true;
    jest.advanceTimersByTime(1000);
    let done = false;
    const shutdown = exporter.shutdown().then(() => (done = true));
    await until(() => done);
    await shutdown;
    expect(exporter.stats).toMatchObject({ sentLines: 3, droppedLines: 0, rejectedLines: 0 });
    expect(server.requests[server.requests.length - 1].lines.map((l) => l.split(',')[0])).toEqual(['g0', 'g1', 'g2']);
  }, 60_000);
});
