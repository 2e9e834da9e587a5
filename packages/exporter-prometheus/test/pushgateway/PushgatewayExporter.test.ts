import * as http from 'http';
import type { AddressInfo } from 'net';
import { diag } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { emptyResource } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InvalidOptionError } from '@meterwork/core';
import { PushgatewayExporter } from '../../src/pushgateway/PushgatewayExporter';
import type { PushgatewayExporterOptions } from '../../src/pushgateway/types';
import { CollectOnlyReader } from '../util';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Answer = number | 'hang' | { status: number; retryAfter: string };

/** An in-process server answering from a script of status codes (or 'hang', or a status with `Retry-After`). */
async function startServer(script: Answer[]): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const next = script.length > 1 ? script.shift()! : script[0]!;
      if (next === 'hang') return; // never answer: the client must time out
      const status = typeof next === 'number' ? next : next.status;
      if (typeof next === 'object') res.setHeader('Retry-After', next.retryAfter);
      res.statusCode = status;
      res.end(status >= 400 ? `status ${status}` : '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const metrics: ResourceMetrics = { resource: emptyResource(), scopeMetrics: [] };

function exportOnce(exporter: PushgatewayExporter): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(metrics, resolve));
}

function make(url: string, extra: Partial<PushgatewayExporterOptions> = {}): PushgatewayExporter {
  return new PushgatewayExporter({ url, job: 'test', ...extra, retry: { initialDelayMillis: 5, maxDelayMillis: 20, ...extra.retry } });
}

describe('PushgatewayExporter', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it('validates options, throwing InvalidOptionError naming them', () => {
    const invalid = (options: Partial<PushgatewayExporterOptions>, message: RegExp) => {
      expect(() => new PushgatewayExporter({ url: 'http://x', job: 'j', ...options })).toThrow(InvalidOptionError);
      expect(() => new PushgatewayExporter({ url: 'http://x', job: 'j', ...options })).toThrow(message);
    };
    invalid({ url: 'nope' }, /^PushgatewayExporter: option "url" must be a valid URL, got "nope"$/);
    invalid({ url: 'ftp://x' }, /"url"/);
    invalid({ job: '' }, /"job"/);
    invalid({ method: 'PATCH' as never }, /"method" must be 'PUT' or 'POST', got "PATCH"/);
    invalid({ requestTimeoutMillis: 0 }, /"requestTimeoutMillis" must be a finite number > 0, got 0/);
    invalid({ exportTimeoutMillis: -5 }, /"exportTimeoutMillis"/);
    invalid({ retry: { maxRetries: -1 } }, /"retry.maxRetries"/);
    invalid({ retry: { maxRetries: 1.5 } }, /"retry.maxRetries"/);
    invalid({ retry: { initialDelayMillis: 100, maxDelayMillis: 10 } }, /"retry.maxDelayMillis"/);
    invalid({ auth: {} as never }, /"auth"/);
    invalid({ auth: { bearer: '' } }, /"auth.bearer"/);
    invalid({ auth: { basic: { username: 'a:b', password: 'x' } } }, /"auth.basic.username"/);
    invalid({ groupingKey: { job: 'x' } }, /"groupingKey"/);
    // optional options accept undefined (e.g. from an unset environment variable)
    expect(
      () =>
        new PushgatewayExporter({
          url: 'http://x',
          job: 'j',
          auth: undefined,
          retry: undefined,
          requestTimeoutMillis: undefined,
          exportTimeoutMillis: undefined,
        }),
    ).not.toThrow();
  });

  it('keeps a path prefix of the url and builds the group path', () => {
    expect(make('http://gw:9091/prefix/', { groupingKey: { instance: 'a/b' } }).url).toBe('http://gw:9091/prefix/metrics/job/test/instance@base64/YS9i');
  });

  it('PUTs the text format with its content type by default', async () => {
    const server = await startServer([200]);
    try {
      const result = await exportOnce(make(server.url, { groupingKey: { instance: 'i1' } }));
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      expect(server.seen).toHaveLength(1);
      expect(server.seen[0]!.method).toBe('PUT');
      expect(server.seen[0]!.url).toBe('/metrics/job/test/instance/i1');
      expect(server.seen[0]!.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(server.seen[0]!.headers.authorization).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('sends the Prometheus text of the collection as body', async () => {
    const server = await startServer([200]);
    try {
      const reader = new CollectOnlyReader();
      const provider = new MeterProvider({ readers: [reader] });
      provider.getMeter('m').createCounter('pushed.items', { description: 'Items' }).add(5, { shard: 's1' });
      const { resourceMetrics } = await reader.collect();
      const exporter = make(server.url, { serializer: { withTargetInfo: false, withScopeLabels: false } });
      const result = await new Promise<ExportResult>((resolve) => exporter.export(resourceMetrics, resolve));
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      expect(server.seen[0]!.body).toBe('# HELP pushed_items_total Items\n# TYPE pushed_items_total counter\npushed_items_total{shard="s1"} 5\n');
      await provider.shutdown();
    } finally {
      await server.close();
    }
  });

  it('retries a 500 with backoff, then succeeds', async () => {
    const server = await startServer([500, 503, 200]);
    try {
      const result = await exportOnce(make(server.url, { method: 'POST' }));
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      expect(server.seen.map((s) => s.method)).toEqual(['POST', 'POST', 'POST']);
      expect(server.seen[0]!.body).toBe(server.seen[2]!.body);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      await server.close();
    }
  });

  it('doubles the delay between retries (40, 80, 160 ms, each with equal jitter)', async () => {
    const server = await startServer([500, 500, 500, 200]);
    try {
      const started = Date.now();
      const result = await exportOnce(make(server.url, { retry: { initialDelayMillis: 40, maxDelayMillis: 1000 } }));
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      expect(server.seen).toHaveLength(4);
      // at least half of each: 20 + 40 + 80; without doubling the waits would total at most 120 ms
      expect(Date.now() - started).toBeGreaterThanOrEqual(138);
    } finally {
      await server.close();
    }
  });

  it('fails with the last error after maxRetries and says so via diag', async () => {
    const server = await startServer([500]);
    try {
      const result = await exportOnce(make(server.url, { retry: { maxRetries: 2 } }));
      expect(result.code).toBe(ExportResultCode.FAILED);
      expect(result.error?.message).toMatch(/answered 500/);
      expect(server.seen).toHaveLength(3);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('push to'));
    } finally {
      await server.close();
    }
  });

  it('does not retry a 401, and sends basic auth', async () => {
    const server = await startServer([401]);
    try {
      const result = await exportOnce(make(server.url, { auth: { basic: { username: 'user', password: 'p:ss' } } }));
      expect(result.code).toBe(ExportResultCode.FAILED);
      expect(result.error?.message).toMatch(/401/);
      expect(server.seen).toHaveLength(1);
      expect(server.seen[0]!.headers.authorization).toBe('Basic ' + Buffer.from('user:p:ss').toString('base64'));
    } finally {
      await server.close();
    }
  });

  it('sends a bearer token and extra headers', async () => {
    const server = await startServer([202]);
    try {
      const result = await exportOnce(make(server.url, { auth: { bearer: 'tok' }, headers: { 'X-Tenant': 't1' } }));
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      expect(server.seen[0]!.headers.authorization).toBe('Bearer tok');
      expect(server.seen[0]!.headers['x-tenant']).toBe('t1');
    } finally {
      await server.close();
    }
  });

  it('times out a hanging request and retries it', async () => {
    const server = await startServer(['hang', 200]);
    try {
      const started = Date.now();
      const result = await exportOnce(make(server.url, { requestTimeoutMillis: 100 }));
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      expect(server.seen).toHaveLength(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    } finally {
      await server.close();
    }
  });

  it('fails with a timeout error when every attempt hangs', async () => {
    const server = await startServer(['hang']);
    try {
      const result = await exportOnce(make(server.url, { requestTimeoutMillis: 50, retry: { maxRetries: 1 } }));
      expect(result.code).toBe(ExportResultCode.FAILED);
      expect(result.error?.message).toMatch(/timed out/);
      expect(server.seen).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('retries network errors (connection refused)', async () => {
    const server = await startServer([200]);
    const url = server.url;
    await server.close();
    const result = await exportOnce(make(url, { retry: { maxRetries: 1 } }));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/ECONNREFUSED/);
  });

  it('deletes the group on shutdown when asked, after the pending push', async () => {
    const server = await startServer([200]);
    try {
      const exporter = make(server.url, { deleteOnShutdown: true, groupingKey: { instance: 'x' } });
      const pending = exportOnce(exporter);
      await exporter.shutdown();
      expect((await pending).code).toBe(ExportResultCode.SUCCESS);
      expect(server.seen.map((s) => `${s.method} ${s.url}`)).toEqual(['PUT /metrics/job/test/instance/x', 'DELETE /metrics/job/test/instance/x']);
      expect(server.seen[1]!.body).toBe('');
      // after shutdown exports fail without a request
      expect((await exportOnce(exporter)).code).toBe(ExportResultCode.FAILED);
      expect(server.seen).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('does not delete on shutdown by default', async () => {
    const server = await startServer([200]);
    try {
      const exporter = make(server.url);
      await exportOnce(exporter);
      await exporter.shutdown();
      expect(server.seen.map((s) => s.method)).toEqual(['PUT']);
    } finally {
      await server.close();
    }
  });
  it('pushes one at a time in export order; an older push still retrying gives up for a newer export', async () => {
    const server = await startServer([503, 200]);
    try {
      const reader = new CollectOnlyReader();
      const provider = new MeterProvider({ readers: [reader] });
      const counter = provider.getMeter('m').createCounter('ordered');
      counter.add(1);
      const older = (await reader.collect()).resourceMetrics;
      counter.add(1);
      const newer = (await reader.collect()).resourceMetrics;
      const exporter = make(server.url, {
        retry: { initialDelayMillis: 150, maxDelayMillis: 150 },
        serializer: { withTargetInfo: false, withScopeLabels: false },
      });
      const first = new Promise<ExportResult>((resolve) => exporter.export(older, resolve));
      // the first attempt got its 503 and waits to retry; a newer export arrives
      while (server.seen.length === 0) await new Promise((r) => setTimeout(r, 5));
      const second = new Promise<ExportResult>((resolve) => exporter.export(newer, resolve));
      const [a, b] = await Promise.all([first, second]);
      expect(a.code).toBe(ExportResultCode.FAILED);
      expect(a.error?.message).toMatch(/503.*superseded by a newer export/);
      expect(b.code).toBe(ExportResultCode.SUCCESS);
      // the stale value 1 never lands after 2 (a PUT replaces the group)
      expect(server.seen.map((s) => s.body.match(/ordered_total (\d+)/)?.[1])).toEqual(['1', '2']);
      await provider.shutdown();
    } finally {
      await server.close();
    }
  });

  it('honours Retry-After (capped by maxRetryAfterMillis, never below initialDelayMillis)', async () => {
    const server = await startServer([{ status: 503, retryAfter: '0.3' }, { status: 429, retryAfter: '3600' }, 200]);
    try {
      const started = Date.now();
      const result = await exportOnce(make(server.url, { retry: { maxRetryAfterMillis: 400 } }));
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      expect(server.seen).toHaveLength(3);
      // 300 ms as asked, then the hour capped to 400 ms (the backoff alone would wait at most 5 + 10 ms)
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(695);
      expect(elapsed).toBeLessThan(30_000); // far below the hour asked: the cap applied (margin for a loaded machine)
    } finally {
      await server.close();
    }
  });

  it('gives up a push after exportTimeoutMillis, whatever maxRetries says', async () => {
    const server = await startServer([503]);
    try {
      const started = Date.now();
      const result = await exportOnce(
        make(server.url, { exportTimeoutMillis: 300, retry: { maxRetries: Infinity, initialDelayMillis: 20, maxDelayMillis: 40 } }),
      );
      expect(result.code).toBe(ExportResultCode.FAILED);
      // The last attempt either got its 503 or was cut short by the deadline (seen at load 15 on 2 cores).
      expect(result.error?.message).toMatch(/(answered 503|request timed out after \d+ ms).*export timeout of 300 ms reached/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(Date.now() - started).toBeLessThan(30_000); // bounded by the deadline, not by maxRetries (margin for a loaded machine)
      expect(server.seen.length).toBeGreaterThanOrEqual(2);
    } finally {
      await server.close();
    }
  });

  it('forceFlush cancels the retry delay under way and retries at once', async () => {
    const server = await startServer([503, 200]);
    try {
      const exporter = make(server.url, { retry: { initialDelayMillis: 20000, maxDelayMillis: 20000 } });
      const pending = exportOnce(exporter);
      while (server.seen.length === 0) await new Promise((r) => setTimeout(r, 5));
      const started = Date.now();
      await exporter.forceFlush();
      expect(Date.now() - started).toBeLessThan(5000);
      expect((await pending).code).toBe(ExportResultCode.SUCCESS);
      expect(server.seen.map((s) => s.method)).toEqual(['PUT', 'PUT']);
      // the exporter still works after the flush
      expect((await exportOnce(exporter)).code).toBe(ExportResultCode.SUCCESS);
    } finally {
      await server.close();
    }
  });

  it('shutdown during a push to a hanging gateway retries at once after the attempt under way, then deletes', async () => {
    const server = await startServer(['hang', 200]);
    try {
      const exporter = make(server.url, {
        requestTimeoutMillis: 300,
        retry: { maxRetries: 3, initialDelayMillis: 20000, maxDelayMillis: 20000 },
        deleteOnShutdown: true,
      });
      const pending = exportOnce(exporter);
      while (server.seen.length === 0) await new Promise((r) => setTimeout(r, 5));
      const started = Date.now();
      await exporter.shutdown();
      // one timed-out attempt and an immediate retry, not the 20 s backoff
      expect(Date.now() - started).toBeLessThan(5000);
      expect((await pending).code).toBe(ExportResultCode.SUCCESS);
      expect(server.seen.map((s) => s.method)).toEqual(['PUT', 'PUT', 'DELETE']);
    } finally {
      await server.close();
    }
  });

  it('with a PeriodicExportingMetricReader: exporter.forceFlush() then provider.shutdown() does not wait out the backoff', async () => {
    const server = await startServer([503, 200]);
    try {
      const exporter = make(server.url, { retry: { initialDelayMillis: 20000, maxDelayMillis: 20000 } });
      const provider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 50 })] });
      provider.getMeter('m').createCounter('ticks').add(1);
      while (server.seen.length === 0) await new Promise((r) => setTimeout(r, 5));
      const started = Date.now();
      // The reader awaits the export under way (sleeping 20 s) before its own final export:
      // the exporter's forceFlush cuts that sleep short first.
      await exporter.forceFlush();
      await provider.shutdown();
      expect(Date.now() - started).toBeLessThan(5000);
      expect(server.seen.length).toBeGreaterThanOrEqual(2);
      expect(server.seen[server.seen.length - 1]!.body).toMatch(/^ticks_total\{[^}]*\} 1$/m);
    } finally {
      await server.close();
    }
  });

  it('shutdown with the gateway down ends within exportTimeoutMillis and reports the failure', async () => {
    const server = await startServer([503]);
    try {
      const exporter = make(server.url, { exportTimeoutMillis: 600, retry: { maxRetries: Infinity, initialDelayMillis: 50, maxDelayMillis: 50 } });
      const pending = exportOnce(exporter);
      while (server.seen.length === 0) await new Promise((r) => setTimeout(r, 5));
      const started = Date.now();
      await exporter.shutdown();
      expect(Date.now() - started).toBeLessThan(20_000); // bounded by exportTimeoutMillis (600) and not endless retries; margin for a loaded machine
      const result = await pending;
      expect(result.code).toBe(ExportResultCode.FAILED);
      // The last attempt may be the 503 or a request cut short by the export deadline
      // (seen on a loaded machine); either way the reason names the export timeout.
      expect(result.error?.message).toMatch(/(answered 503|request timed out).*export timeout of 600 ms reached/);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/push to .* failed: .*(503|request timed out).*export timeout/));
    } finally {
      await server.close();
    }
  });
  it("sends through the given agent and adds the requestHeaders hook's headers, computed per attempt from what is sent", async () => {
    const server = await startServer([503, 200]);
    const agent = new http.Agent({ keepAlive: true });
    const addRequest = jest.spyOn(agent as unknown as { addRequest: (...a: unknown[]) => void }, 'addRequest');
    const seen: Array<{ method: string; target: string; body: string }> = [];
    try {
      const exporter = make(server.url, {
        groupingKey: { session_id: 'abc' },
        agent,
        requestHeaders: (request) => {
          seen.push(request);
          return { 'X-Attempt': String(seen.length) };
        },
      });
      expect((await exportOnce(exporter)).code).toBe(ExportResultCode.SUCCESS);
      expect(addRequest).toHaveBeenCalledTimes(2);
      expect(seen).toEqual([
        { method: 'PUT', target: '/metrics/job/test/session_id/abc', body: server.seen[0]!.body },
        { method: 'PUT', target: '/metrics/job/test/session_id/abc', body: server.seen[1]!.body },
      ]);
      expect(server.seen.map((r) => r.headers['x-attempt'])).toEqual(['1', '2']);
      await exporter.shutdown();
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  it.each([
    [{ agent: 'socks' }, 'option "agent" must be an http.Agent'],
    [{ requestHeaders: {} }, 'option "requestHeaders" must be a function'],
  ])('rejects %p naming the option', (bad, message) => {
    expect(() => new PushgatewayExporter({ url: 'http://127.0.0.1:9091', job: 'j', ...(bad as object) } as PushgatewayExporterOptions)).toThrow(message);
  });
});
