import * as http from 'http';
import { diag } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { AggregationTemporality, InstrumentType, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InvalidOptionError } from '@meterwork/core';
import { InfluxMetricExporter, type InfluxMetricExporterOptions } from '../src';
import { buildWriteRequest } from '../src/options/writeRequest';
import { FakeInflux, status } from './delivery/fakeServer';
import { gauge, resourceMetrics } from './util';

function exportSync(exporter: InfluxMetricExporter, rm = resourceMetrics([gauge('g', [[{}, 1]])])): ExportResult {
  let result: ExportResult | undefined;
  exporter.export(rm, (r) => (result = r));
  if (result === undefined) throw new Error('export did not call back synchronously');
  return result;
}

describe('buildWriteRequest', () => {
  it('InfluxDB 1.x: /write with db, rp, precision and basic auth', () => {
    const { url, headers } = buildWriteRequest(
      { url: 'http://h:8086', v1: { database: 'db', retentionPolicy: 'rp' }, auth: { basic: { username: 'u', password: 'p' } } },
      'us',
    );
    expect(url.toString()).toBe('http://h:8086/write?db=db&rp=rp&precision=u');
    expect(headers.Authorization).toBe('Basic ' + Buffer.from('u:p').toString('base64'));
  });

  it('InfluxDB 1.x: a bearer token (JWT) is sent as Authorization: Bearer', () => {
    const { url, headers } = buildWriteRequest({ url: 'http://h:8086/', v1: { database: 'db' }, auth: { bearer: 'jwt' } }, 'ns');
    expect(url.toString()).toBe('http://h:8086/write?db=db&precision=ns');
    expect(headers.Authorization).toBe('Bearer jwt');
  });

  it('InfluxDB 2.x/3.x: /api/v2/write with org, bucket and the token as Authorization: Token, keeping a path prefix', () => {
    const { url, headers } = buildWriteRequest(
      { url: 'https://h/influx', v2: { org: 'o', bucket: 'b' }, auth: { bearer: 't' }, headers: { 'X-A': '1' } },
      'ms',
    );
    expect(url.toString()).toBe('https://h/influx/api/v2/write?org=o&bucket=b&precision=ms');
    expect(headers).toEqual({ 'X-A': '1', Authorization: 'Token t' });
  });

  it('InfluxDB 2.x with basic auth (VictoriaMetrics -httpAuth.*), and no header without auth', () => {
    expect(buildWriteRequest({ url: 'http://h', v2: { bucket: 'b' }, auth: { basic: { username: 'u', password: '' } } }, 'ns').headers.Authorization).toBe(
      'Basic ' + Buffer.from('u:').toString('base64'),
    );
    expect(buildWriteRequest({ url: 'http://h', v2: { bucket: 'b' }, auth: undefined }, 'ns').headers).toEqual({});
  });
});

describe('InfluxMetricExporter options', () => {
  const ok: InfluxMetricExporterOptions = { url: 'http://127.0.0.1:1', v1: { database: 'db' } };
  it.each([
    [{ url: 'not a url' }, 'option "url" must be a valid URL, got "not a url"'],
    [{ url: 'ftp://x' }, 'option "url" must be an http: or https: URL'],
    [{ v2: { bucket: 'b' } }, 'option "v1" and \'v2\': exactly one must be given'],
    [{ v1: { database: '' } }, 'option "v1.database" must be a non-empty string, got ""'],
    [{ v1: undefined, v2: { bucket: '' } }, 'option "v2.bucket"'],
    [{ batchLines: 0 }, 'option "batchLines" must be a positive integer, got 0'],
    [{ maxInFlight: 1.5 }, 'option "maxInFlight" must be a positive integer, got 1.5'],
    [{ maxBufferLines: -1 }, 'option "maxBufferLines"'],
    [{ requestTimeoutMillis: 0 }, 'option "requestTimeoutMillis"'],
    [{ flushTimeoutMillis: NaN }, 'option "flushTimeoutMillis"'],
    [{ retry: { initialDelayMillis: NaN } }, 'option "retry.initialDelayMillis" must be a finite number >= 0, got NaN'],
    [{ retry: { maxRetries: -1 } }, 'option "retry.maxRetries"'],
    [{ retry: { initialDelayMillis: 10, maxDelayMillis: 5 } }, 'option "retry.maxDelayMillis"'],
    [{ sessionIdTag: '' }, 'option "sessionIdTag"'],
    [{ schema: 'x' }, 'option "schema" must be one of'],
    [{ precision: 'h' }, 'option "precision"'],
    [{ selfMetrics: 'yes' }, 'option "selfMetrics" must be a boolean'],
    [{ auth: { token: 't' } }, 'option "auth" must be { bearer } or { basic: { username, password } }'],
    [{ auth: { bearer: '' } }, 'option "auth.bearer"'],
    [{ auth: { basic: { username: 'a:b', password: '' } } }, 'option "auth.basic.username"'],
    [{ v1: undefined, v2: { bucket: 'b' }, auth: { bearer: 'abc\n' } }, 'option "auth" must be a valid HTTP header'],
    [{ headers: { 'X-Tenant': 'a\r\nb' } }, 'option "headers" must be a valid HTTP header'],
    [{ requestHeaders: 'sign' }, 'option "requestHeaders" must be a function'],
    [{ headers: { 'bad name': 'x' } }, 'option "headers" must be a valid HTTP header'],
  ])('rejects %p with an InvalidOptionError naming it', (bad, message) => {
    const make = () => new InfluxMetricExporter({ ...ok, ...(bad as object) } as InfluxMetricExporterOptions);
    expect(make).toThrow(InvalidOptionError);
    expect(make).toThrow('InfluxMetricExporter: ' + message);
  });

  it('defaults to cumulative temporality, and takes delta', () => {
    expect(new InfluxMetricExporter(ok).selectAggregationTemporality(InstrumentType.COUNTER)).toBe(AggregationTemporality.CUMULATIVE);
    expect(new InfluxMetricExporter({ ...ok, temporality: AggregationTemporality.DELTA }).selectAggregationTemporality(InstrumentType.COUNTER)).toBe(
      AggregationTemporality.DELTA,
    );
  });

  it('accepts undefined for every optional option (values read from environment variables)', () => {
    const env: Record<string, string | undefined> = {};
    expect(
      () =>
        new InfluxMetricExporter({
          url: 'http://127.0.0.1:1',
          v1: { database: 'db', retentionPolicy: env.RP },
          v2: undefined,
          auth: undefined,
          retry: { maxRetries: undefined, initialDelayMillis: undefined },
          requestTimeoutMillis: undefined,
          flushTimeoutMillis: undefined,
          sessionIdTag: undefined,
        }),
    ).not.toThrow();
  });
});

describe('InfluxMetricExporter (fake server)', () => {
  let server: FakeInflux;
  beforeAll(() => diag.disable());
  beforeEach(async () => {
    server = new FakeInflux();
    await server.start();
  });
  afterEach(() => server.stop());

  it('calls back success at once even when the server is slow; forceFlush waits for delivery', async () => {
    let release: () => void = () => undefined;
    server.fallback = (_req, res) => {
      release = () => res.writeHead(204).end();
    };
    const exporter = new InfluxMetricExporter({ url: server.url, v1: { database: 'db' }, selfMetrics: false, scopeTags: false });
    expect(exportSync(exporter).code).toBe(ExportResultCode.SUCCESS);
    let flushed = false;
    const flush = exporter.forceFlush().then(() => (flushed = true));
    // Under load the request can take a while to arrive: release it only once it is there.
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    expect(flushed).toBe(false);
    release();
    await flush;
    expect(server.requests[0].url).toBe('/write?db=db&precision=ns');
    expect(server.requests[0].lines).toEqual([expect.stringMatching(/^g,service.name=svc gauge=1 \d+$/)]);
    await exporter.shutdown();
  });

  it('writes its own counters with the rest, tagged like them (selected resource attributes), and a per-session id tag', async () => {
    server.replies.push(status(400, '{"error":"partial write: x dropped=1"}'));
    const exporter = new InfluxMetricExporter({ url: server.url, v1: { database: 'db' }, sessionIdTag: 'session', scopeTags: false });
    expect(exporter.sessionId).toMatch(/^[0-9a-f]{16}$/);
    exportSync(exporter);
    await exporter.forceFlush();
    exportSync(exporter);
    await exporter.forceFlush();
    const second = server.requests[1].lines;
    expect(second.find((l) => l.includes('reason=rejected'))).toMatch(
      new RegExp(`^meterwork\\.exporter\\.dropped,reason=rejected,service\\.name=svc,session=${exporter.sessionId} counter=1 \\d{19}$`),
    );
    expect(second.find((l) => l.includes('reason=buffer_full'))).toMatch(/ counter=0 /);
    expect(second.find((l) => l.startsWith('meterwork.exporter.sent'))).toMatch(/ counter=3 /);
    expect(second.find((l) => l.startsWith('g,'))).toContain(`session=${exporter.sessionId}`);
    await exporter.shutdown();
  });

  it('with a finite retry.maxRetries, its self-metrics count the lines given up (reason=retries_exhausted)', async () => {
    server.replies.push(status(503), status(503));
    const exporter = new InfluxMetricExporter({ url: server.url, v1: { database: 'db' }, scopeTags: false, retry: { maxRetries: 1, initialDelayMillis: 10 } });
    exportSync(exporter);
    await exporter.forceFlush();
    expect(exporter.stats).toMatchObject({ abandonedLines: 5, sentLines: 0 }); // g and its 4 self-metric lines
    exportSync(exporter);
    await exporter.forceFlush();
    const last = server.requests[server.requests.length - 1].lines;
    expect(last.find((l) => l.includes('reason=retries_exhausted'))).toMatch(
      /^meterwork\.exporter\.dropped,reason=retries_exhausted,service\.name=svc counter=5 \d{19}$/,
    );
  });

  it('shutdown delivers everything, then refuses exports and leaves nothing keeping the process alive', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    server.replies.push(status(503));
    const exporter = new InfluxMetricExporter({ url: server.url, v2: { bucket: 'b' }, selfMetrics: false, retry: { initialDelayMillis: 20 } });
    for (let i = 0; i < 5; i++) exportSync(exporter, resourceMetrics([gauge(`g${i}`, [[{}, i]])]));
    await exporter.shutdown();
    expect(server.allLines().filter((l) => l.startsWith('g'))).toHaveLength(5 + server.requests[0].lines.length);
    expect(exporter.stats.sentLines).toBe(5);
    expect(exportSync(exporter).code).toBe(ExportResultCode.FAILED);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThanOrEqual(before);
  });

  it('sends every request through the agent the user gives, and leaves it open', async () => {
    const agent = new http.Agent({ keepAlive: true });
    const addRequest = jest.spyOn(agent as unknown as { addRequest: (...a: unknown[]) => void }, 'addRequest');
    const destroy = jest.spyOn(agent, 'destroy');
    const exporter = new InfluxMetricExporter({ url: server.url, v1: { database: 'db' }, agent, selfMetrics: false, batchLines: 1 });
    exportSync(
      exporter,
      resourceMetrics([
        gauge('g', [
          [{ a: '1' }, 1],
          [{ a: '2' }, 2],
        ]),
      ]),
    );
    await exporter.shutdown();
    expect(server.requests).toHaveLength(2);
    expect(addRequest).toHaveBeenCalledTimes(2);
    expect(destroy).not.toHaveBeenCalled();
    agent.destroy();
  });

  it("adds the requestHeaders hook's headers to each write, computed from exactly what is sent", async () => {
    const seen: Array<{ method: string; target: string; body: string }> = [];
    const exporter = new InfluxMetricExporter({
      url: server.url,
      v1: { database: 'db' },
      selfMetrics: false,
      requestHeaders: (request) => {
        seen.push(request);
        return { 'X-Body-Length': String(Buffer.byteLength(request.body)) };
      },
    });
    exportSync(exporter);
    await exporter.shutdown();
    expect(seen).toEqual([{ method: 'POST', target: '/write?db=db&precision=ns', body: server.requests[0].lines.join('\n') }]);
    expect(server.requests[0].headers['x-body-length']).toBe(String(Buffer.byteLength(seen[0].body)));
  });

  it('retries a write whose requestHeaders hook throws, without sending it', async () => {
    let calls = 0;
    const exporter = new InfluxMetricExporter({
      url: server.url,
      v1: { database: 'db' },
      selfMetrics: false,
      retry: { initialDelayMillis: 10 },
      requestHeaders: () => {
        if (++calls === 1) throw new Error('no key yet');
        return {};
      },
    });
    exportSync(exporter);
    await exporter.shutdown();
    expect(calls).toBe(2);
    expect(server.requests).toHaveLength(1);
    expect(exporter.stats.sentLines).toBe(1);
  });

  it('works inside a PeriodicExportingMetricReader', async () => {
    const exporter = new InfluxMetricExporter({
      url: server.url,
      v1: { database: 'db' },
      selfMetrics: false,
      resourceAttributes: { include: ['service.name'] },
    });
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60000 });
    const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'demo' }), readers: [reader] });
    const c = provider.getMeter('m', '2.0').createCounter('jobs.done');
    c.add(2, { queue: 'q1' });
    c.add(3, { queue: 'q1' });
    await provider.shutdown();
    expect(server.allLines()).toEqual([
      expect.stringMatching(/^jobs\.done,otel\.library\.name=m,otel\.library\.version=2\.0,queue=q1,service\.name=demo counter=5 \d{19}$/),
    ]);
  });
});
