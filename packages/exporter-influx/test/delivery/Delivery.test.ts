import { diag } from '@opentelemetry/api';
import { Delivery, type DeliveryOptions } from '../../src/delivery/Delivery';
import { HttpTransport } from '../../src/delivery/HttpTransport';
import { FakeInflux, status } from './fakeServer';

/** Lets real I/O progress (setImmediate is not faked). */
async function settleIo(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

async function until(condition: () => boolean, maxRounds = 5000): Promise<void> {
  for (let i = 0; i < maxRounds && !condition(); i++) await new Promise((r) => setImmediate(r));
  expect(condition()).toBe(true);
}

const lines = (n: number, prefix = 'm') => Array.from({ length: n }, (_, i) => `${prefix} v=${i} ${i}`);

describe('Delivery (fake server for edge cases)', () => {
  let server: FakeInflux;
  let delivery: Delivery | undefined;
  let errors: Error[];

  beforeAll(() => diag.disable());
  beforeEach(async () => {
    server = new FakeInflux();
    await server.start();
    errors = [];
  });
  afterEach(async () => {
    delivery?.close();
    delivery = undefined;
    await server.stop();
  });

  function create(overrides: Partial<DeliveryOptions> = {}): Delivery {
    delivery = new Delivery({
      transport: new HttpTransport({ url: new URL(server.url + '/write?db=x'), headers: {}, timeoutMillis: 2000 }),
      batchLines: 100,
      batchBytes: 1e6,
      maxInFlight: 2,
      maxBufferLines: 10000,
      maxBufferBytes: 1e7,
      retry: { maxRetries: Infinity, initialDelayMillis: 10, maxDelayMillis: 50, maxRetryAfterMillis: 5000 },
      random: () => 0.5,
      onError: (e) => errors.push(e),
      ...overrides,
    });
    return delivery;
  }

  it('delivers every line once, in batches of batchLines, in order', async () => {
    const d = create({ batchLines: 30, maxInFlight: 1 });
    d.enqueue(lines(100));
    await d.flush(5000);
    expect(server.requests.map((r) => r.lines.length)).toEqual([30, 30, 30, 10]);
    expect(server.allLines()).toEqual(lines(100));
    expect(d.stats.sentLines).toBe(100);
  });

  it('also cuts batches by batchBytes: no request body over the limit', async () => {
    // 'm v=N N' lines of 7-9 bytes plus newline; 50 bytes hold 5 or 6 of them.
    const d = create({ batchLines: 1000, batchBytes: 50, maxInFlight: 1 });
    d.enqueue(lines(40));
    await d.flush(5000);
    expect(server.allLines()).toEqual(lines(40));
    expect(server.requests.length).toBeGreaterThan(5);
    for (const r of server.requests) expect(Buffer.byteLength(r.lines.join('\n'))).toBeLessThanOrEqual(50);
  });

  it('keeps at most maxInFlight requests in flight', async () => {
    server.fallback = (_req, res) => setTimeout(() => res.writeHead(204).end(), 50);
    const d = create({ batchLines: 10, maxInFlight: 3 });
    d.enqueue(lines(100));
    expect(d.inFlightRequests).toBe(3);
    await d.flush(5000);
    expect(server.requests).toHaveLength(10);
    expect(server.maxInFlight).toBe(3);
    expect(server.allLines().sort()).toEqual(lines(100).sort());
  });

  it('honours Retry-After on 429 (fake timers: exact delay, no real wait)', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      server.replies.push(status(429, '{"error":"slow down"}', { 'Retry-After': '30' }));
      const d = create({ retry: { maxRetries: Infinity, initialDelayMillis: 10, maxDelayMillis: 50, maxRetryAfterMillis: 60_000 } });
      d.enqueue(lines(5));
      await until(() => d.stats.retries === 1);
      jest.advanceTimersByTime(29_999);
      await settleIo();
      expect(server.requests).toHaveLength(1);
      jest.advanceTimersByTime(1);
      await until(() => d.stats.sentLines === 5);
      expect(server.requests).toHaveLength(2);
      expect(d.stats).toMatchObject({ sentLines: 5, retries: 1, rejectedLines: 0 });
      expect(errors[0].message).toMatch(/HTTP 429/);
    } finally {
      jest.useRealTimers();
    }
  });

  it('honours Retry-After as an HTTP date on 503 (fake timers)', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      jest.setSystemTime(new Date('2026-01-01T00:00:00.000Z'));
      server.replies.push(status(503, 'maintenance', { 'Retry-After': 'Thu, 01 Jan 2026 00:00:20 GMT' }));
      const d = create({ retry: { maxRetries: Infinity, initialDelayMillis: 10, maxDelayMillis: 50, maxRetryAfterMillis: 60_000 } });
      d.enqueue(lines(2));
      await until(() => d.stats.retries === 1);
      jest.advanceTimersByTime(19_000);
      await settleIo();
      expect(server.requests).toHaveLength(1);
      jest.advanceTimersByTime(1_000);
      await until(() => d.stats.sentLines === 2);
      expect(errors[0].message).toMatch(/HTTP 503: maintenance/);
    } finally {
      jest.useRealTimers();
    }
  });

  it.each([
    ['Retry-After: 0', () => '0'],
    ['a Retry-After date in the past', () => new Date(Date.now() - 60_000).toUTCString()],
  ])('%s waits retry.initialDelayMillis, not a tight loop (fake timers)', async (_label, header) => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      jest.setSystemTime(new Date('2026-01-01T00:00:00.000Z'));
      server.replies.push(status(429, 'slow down', { 'Retry-After': header() }));
      server.replies.push(status(503, 'still busy', { 'Retry-After': header() }));
      const d = create({ retry: { maxRetries: Infinity, initialDelayMillis: 1000, maxDelayMillis: 4000, maxRetryAfterMillis: 60_000 } });
      d.enqueue(lines(3));
      await until(() => d.stats.retries === 1);
      jest.advanceTimersByTime(999);
      await settleIo();
      expect(server.requests).toHaveLength(1);
      jest.advanceTimersByTime(1);
      await until(() => d.stats.retries === 2);
      jest.advanceTimersByTime(999);
      await settleIo();
      expect(server.requests).toHaveLength(2);
      jest.advanceTimersByTime(1);
      await until(() => d.stats.sentLines === 3);
      expect(server.requests).toHaveLength(3);
    } finally {
      jest.useRealTimers();
    }
  });

  it('backs off exponentially between failures while the server stays down (fake timers)', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      server.fallback = status(503);
      const d = create({ retry: { maxRetries: Infinity, initialDelayMillis: 1000, maxDelayMillis: 4000, maxRetryAfterMillis: 60_000 }, random: () => 1 });
      d.enqueue(lines(1));
      await until(() => server.requests.length === 1 && d.stats.retries === 1);
      const expectRequestsAfter = async (millis: number, count: number) => {
        jest.advanceTimersByTime(millis - 1);
        await settleIo();
        expect(server.requests).toHaveLength(count - 1);
        jest.advanceTimersByTime(1);
        await until(() => server.requests.length === count && d.stats.retries === count);
      };
      await expectRequestsAfter(1000, 2);
      await expectRequestsAfter(2000, 3);
      await expectRequestsAfter(4000, 4);
      await expectRequestsAfter(4000, 5); // capped at maxDelayMillis
    } finally {
      jest.useRealTimers();
    }
  });

  it('retries a 503 and a network error until delivered, without duplicates', async () => {
    server.replies.push(status(503, 'unavailable'));
    server.replies.push((_req, res) => res.socket?.destroy());
    const d = create({ maxInFlight: 1 });
    d.enqueue(lines(7));
    await d.flush(5000);
    expect(d.stats).toMatchObject({ sentLines: 7, retries: 2 });
    expect(server.requests).toHaveLength(3);
    expect(server.requests[2].lines).toEqual(lines(7));
  });

  it('retries a request that times out', async () => {
    server.replies.push(() => undefined); // never answers
    const d = new Delivery({
      ...{ batchLines: 100, batchBytes: 1e6, maxInFlight: 1, maxBufferLines: 100, maxBufferBytes: 1e6 },
      transport: new HttpTransport({ url: new URL(server.url + '/write?db=x'), headers: {}, timeoutMillis: 100 }),
      retry: { maxRetries: Infinity, initialDelayMillis: 10, maxDelayMillis: 10, maxRetryAfterMillis: 10 },
      onError: (e) => errors.push(e),
    });
    delivery = d;
    d.enqueue(lines(3));
    await d.flush(5000);
    expect(d.stats.sentLines).toBe(3);
    expect(errors[0].message).toMatch(/timed out/);
  });

  it('splits a batch the server answers 413 to, until it fits', async () => {
    server.fallback = (req, res) => (req.lines.length > 3 ? status(413, '{"error":"Request Entity Too Large"}')(req, res) : res.writeHead(204).end());
    const d = create({ batchLines: 100, maxInFlight: 1 });
    d.enqueue(lines(20));
    await d.flush(5000);
    const accepted = server.requests.filter((r) => r.lines.length <= 3).flatMap((r) => r.lines);
    expect(accepted).toEqual(lines(20));
    expect(d.stats).toMatchObject({ sentLines: 20, rejectedLines: 0 });
  });

  it('drops a single line the server finds too large, and says so', async () => {
    server.fallback = status(413);
    const d = create();
    d.enqueue(lines(1));
    await d.flush(5000);
    expect(d.stats).toMatchObject({ sentLines: 0, rejectedLines: 1 });
    expect(errors[0].message).toMatch(/single line is too large/);
  });

  it('keeps the good lines of a 400 partial write: not resent, bad ones reported', async () => {
    server.replies.push(
      status(
        400,
        '{"error":"partial write: field type conflict: input field \\"v\\" on measurement \\"m\\" is type integer, already exists as type float dropped=2"}',
      ),
    );
    const d = create();
    d.enqueue(lines(10));
    await d.flush(5000);
    expect(server.requests).toHaveLength(1);
    expect(d.stats).toMatchObject({ sentLines: 8, rejectedLines: 2, retries: 0 });
    expect(errors[0].message).toMatch(/refused 2 of 10 line\(s\).*partial write: field type conflict/);
  });

  it('treats an InfluxDB 2.x 422 partial write like a 400 one: good lines kept, not resent', async () => {
    server.replies.push(
      status(
        422,
        '{"code":"unprocessable entity","message":"failure writing points to database: partial write: field type conflict: input field \\"v\\" on measurement \\"m\\" is type float, already exists as type string dropped=3"}',
      ),
    );
    const d = create();
    d.enqueue(lines(10));
    await d.flush(5000);
    expect(server.requests).toHaveLength(1);
    expect(d.stats).toMatchObject({ sentLines: 7, rejectedLines: 3, retries: 0 });
    expect(errors[0].message).toMatch(/refused 3 of 10 line\(s\).*HTTP 422/);
  });

  it('counts lines InfluxDB 1.x could not parse although it says dropped=0', async () => {
    server.replies.push(status(400, '{"error":"partial write: unable to parse \'bad line\': invalid field format dropped=0"}'));
    const d = create();
    d.enqueue(lines(3));
    await d.flush(5000);
    expect(d.stats).toMatchObject({ sentLines: 2, rejectedLines: 1 });
  });

  it('refuses the whole batch on another 4xx', async () => {
    server.replies.push(status(422, 'unprocessable'));
    const d = create();
    d.enqueue(lines(4));
    await d.flush(5000);
    expect(d.stats).toMatchObject({ sentLines: 0, rejectedLines: 4 });
  });

  it('keeps data on 404 (missing database) and delivers once the database exists', async () => {
    server.replies.push(status(404, '{"error":"database not found: \\"x\\""}'), status(404, '{"error":"database not found: \\"x\\""}'));
    const d = create();
    d.enqueue(lines(3));
    await d.flush(5000);
    expect(errors[0].message).toMatch(/database or bucket not found\?.*3 line\(s\) kept for retry.*database not found/);
    expect(d.stats).toMatchObject({ sentLines: 3, retries: 2 });
  });

  it('while the server is down, keeps the newest lines within the bound and counts the dropped oldest', async () => {
    let up = false;
    server.fallback = (req, res) => (up ? res.writeHead(204).end() : status(503)(req, res));
    const d = create({ maxBufferLines: 50, batchLines: 10, maxInFlight: 1 });
    for (let i = 0; i < 10; i++) {
      d.enqueue(lines(10, `batch${i}`));
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(d.stats.droppedLines).toBeGreaterThanOrEqual(40);
    up = true;
    await d.flush(5000);
    const delivered = server.requests.filter((_r, i) => i >= server.requests.length - 5).flatMap((r) => r.lines);
    expect(delivered.length + d.stats.droppedLines).toBe(100);
    expect(delivered.slice(-10)).toEqual(lines(10, 'batch9'));
    expect(d.stats.sentLines).toBe(100 - d.stats.droppedLines);
  });

  it('flush under constant load waits only for the lines buffered or in flight at the call', async () => {
    server.fallback = (_req, res) => setTimeout(() => res.writeHead(204).end(), 30);
    const d = create({ batchLines: 10, maxInFlight: 1 });
    d.enqueue(lines(10, 'before')); // in flight at the call
    d.enqueue(lines(10, 'queued')); // buffered at the call
    let n = 0;
    // New lines arrive faster than the slow server takes them: the buffer never empties.
    const load = setInterval(() => d.enqueue(lines(10, `after${n++}`)), 5);
    try {
      // flush() rejects at its timeout: resolving proves it did not wait for the lines
      // that keep arriving (no wall-clock bound: it flaked on a loaded machine).
      await d.flush(20_000);
      const delivered = server.allLines();
      expect(delivered.slice(0, 20)).toEqual([...lines(10, 'before'), ...lines(10, 'queued')]);
      expect(d.bufferedLines).toBeGreaterThan(0);
    } finally {
      clearInterval(load);
    }
    await d.flush(10_000); // what came later is still delivered
    expect(d.stats.sentLines).toBe(20 + 10 * n);
  });

  it('flush(timeout, all) (shutdown) waits until everything, also lines enqueued after the call, is delivered', async () => {
    server.fallback = (_req, res) => setTimeout(() => res.writeHead(204).end(), 20);
    const d = create({ batchLines: 10, maxInFlight: 1 });
    d.enqueue(lines(10, 'before'));
    let done = false;
    const all = d.flush(10_000, true).then(() => (done = true));
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 10));
      d.enqueue(lines(10, `after${i}`));
    }
    expect(done).toBe(false);
    await all;
    expect(d.bufferedLines).toBe(0);
    expect(d.stats.sentLines).toBe(60);
  });

  it('flush waits for lines of its call that failed and wait for a retry', async () => {
    server.replies.push(status(503, 'busy'));
    const d = create({
      batchLines: 10,
      maxInFlight: 1,
      retry: { maxRetries: Infinity, initialDelayMillis: 100, maxDelayMillis: 100, maxRetryAfterMillis: 100 },
    });
    d.enqueue(lines(5, 'old'));
    let flushed = false;
    const flush = d.flush(5000).then(() => (flushed = true));
    await until(() => d.stats.retries === 1);
    d.enqueue(lines(5, 'new'));
    await new Promise((r) => setTimeout(r, 50));
    expect(flushed).toBe(false); // the failed lines are back in the buffer, waiting for the retry
    await flush;
    expect(server.allLines().slice(-10, -5)).toEqual(lines(5, 'old'));
  });

  it('flush counts lines dropped to make room (server down) as done with', async () => {
    server.fallback = status(503, 'down');
    // One request at a time: the flush retries at once (it cancels the backoff), and the
    // failed batch must go back in front of the newer lines to be the one dropped.
    const small = create({
      maxBufferLines: 5,
      maxInFlight: 1,
      retry: { maxRetries: Infinity, initialDelayMillis: 10_000, maxDelayMillis: 10_000, maxRetryAfterMillis: 10_000 },
    });
    small.enqueue(lines(5, 'gone'));
    await until(() => small.stats.retries === 1);
    const pending = small.flush(5000);
    small.enqueue(lines(5, 'newer'));
    await pending;
    expect(small.stats.droppedLines).toBe(5);
    expect(small.bufferedLines).toBe(5);
  });

  it('with a finite retry.maxRetries, gives lines up after that many retries (counted, reported), and later lines get their own', async () => {
    let up = false;
    server.fallback = (req, res) => (up ? res.writeHead(204).end() : status(503, 'down')(req, res));
    const d = create({ maxInFlight: 1, retry: { maxRetries: 2, initialDelayMillis: 10, maxDelayMillis: 10, maxRetryAfterMillis: 10 } });
    d.enqueue(lines(4, 'lost'));
    await d.flush(5000);
    expect(server.requests).toHaveLength(3); // the first attempt and 2 retries
    expect(d.stats).toMatchObject({ sentLines: 0, abandonedLines: 4, retries: 2 });
    expect(errors[errors.length - 1].message).toMatch(/4 line\(s\) given up after 2 retries \(retry\.maxRetries\).*HTTP 503: down/);
    expect(d.bufferedLines).toBe(0);
    up = true;
    d.enqueue(lines(2, 'kept'));
    await d.flush(5000);
    expect(server.requests[3].lines).toEqual(lines(2, 'kept'));
    expect(d.stats).toMatchObject({ sentLines: 2, abandonedLines: 4 });
  });

  it('retry.maxRetries 0: a failed batch is given up at once', async () => {
    server.fallback = status(500, 'boom');
    const d = create({ retry: { maxRetries: 0, initialDelayMillis: 10, maxDelayMillis: 10, maxRetryAfterMillis: 10 } });
    d.enqueue(lines(3));
    await d.flush(5000);
    expect(server.requests).toHaveLength(1);
    expect(d.stats).toMatchObject({ abandonedLines: 3, retries: 0 });
    expect(errors[0].message).toMatch(/given up after 0 retries/);
  });

  it('flush rejects after its timeout, naming the undelivered lines and the last error', async () => {
    server.fallback = status(503, 'down');
    const d = create();
    d.enqueue(lines(4));
    await expect(d.flush(200)).rejects.toThrow(/flush timed out after 200 ms with 4 line\(s\) undelivered \(last error: .*HTTP 503/);
  });
});
