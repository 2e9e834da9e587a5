import * as http from 'http';
import { diag } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { AggregationTemporality, InstrumentType, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { buildWriteRequest, InfluxMetricExporter, type InfluxMetricExporterOptions } from '../src';
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
    const { url, headers } = buildWriteRequest({ url: 'http://h:8086', v1: { database: 'db', retentionPolicy: 'rp', username: 'u', password: 'p' } }, 'us');
    expect(url.toString()).toBe('http://h:8086/write?db=db&rp=rp&precision=u');
    expect(headers.Authorization).toBe('Basic ' + Buffer.from('u:p').toString('base64'));
  });

  it('InfluxDB 1.x: u/p query parameters', () => {
    const { url, headers } = buildWriteRequest({ url: 'http://h:8086/', v1: { database: 'db', username: 'u', password: 'p', authMethod: 'query' } }, 'ns');
    expect(url.toString()).toBe('http://h:8086/write?db=db&precision=ns&u=u&p=p');
    expect(headers.Authorization).toBeUndefined();
  });

  it('InfluxDB 2.x/3.x: /api/v2/write with org, bucket and token, keeping a path prefix', () => {
    const { url, headers } = buildWriteRequest({ url: 'https://h/influx', v2: { org: 'o', bucket: 'b', token: 't' }, headers: { 'X-A': '1' } }, 'ms');
    expect(url.toString()).toBe('https://h/influx/api/v2/write?org=o&bucket=b&precision=ms');
    expect(headers).toEqual({ 'X-A': '1', Authorization: 'Token t' });
  });
});

describe('InfluxMetricExporter options', () => {
  const ok: InfluxMetricExporterOptions = { url: 'http://127.0.0.1:1', v1: { database: 'db' } };
  it.each([
    [{ url: 'not a url' }, /'url'/],
    [{ url: 'ftp://x' }, /'url'/],
    [{ v2: { bucket: 'b' } }, /exactly one of 'v1'/],
    [{ v1: { database: '' } }, /'v1.database'/],
    [{ v1: undefined, v2: { bucket: '' } }, /'v2.bucket'/],
    [{ batchLines: 0 }, /'batchLines'/],
    [{ maxInFlight: 1.5 }, /'maxInFlight'/],
    [{ maxBufferLines: -1 }, /'maxBufferLines'/],
    [{ retry: { minDelayMillis: NaN } }, /'retry.minDelayMillis'/],
    [{ sessionIdTag: '' }, /'sessionIdTag'/],
    [{ schema: 'x' }, /'schema'/],
    [{ v1: undefined, v2: { bucket: 'b', token: 'abc\n' } }, /'v2.token' is not a valid HTTP header/],
    [{ headers: { 'X-Tenant': 'a\r\nb' } }, /'headers' is not a valid HTTP header/],
    [{ headers: { 'bad name': 'x' } }, /'headers' is not a valid HTTP header/],
  ])('rejects %p', (bad, message) => {
    expect(() => new InfluxMetricExporter({ ...ok, ...(bad as object) } as InfluxMetricExporterOptions)).toThrow(message);
  });

  it('defaults to cumulative temporality, and takes delta', () => {
    expect(new InfluxMetricExporter(ok).selectAggregationTemporality(InstrumentType.COUNTER)).toBe(AggregationTemporality.CUMULATIVE);
    expect(new InfluxMetricExporter({ ...ok, temporality: AggregationTemporality.DELTA }).selectAggregationTemporality(InstrumentType.COUNTER)).toBe(
      AggregationTemporality.DELTA,
    );
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
    expect(second.find((l) => l.includes('reason=rejected'))).toMatch(new RegExp(`^meterwork\\.exporter\\.dropped,reason=rejected,service\\.name=svc,session=${exporter.sessionId} counter=1 \\d{19}$`));
    expect(second.find((l) => l.includes('reason=buffer_full'))).toMatch(/ counter=0 /);
    expect(second.find((l) => l.startsWith('meterwork.exporter.sent'))).toMatch(/ counter=3 /);
    expect(second.find((l) => l.startsWith('g,'))).toContain(`session=${exporter.sessionId}`);
    await exporter.shutdown();
  });

  it('shutdown delivers everything, then refuses exports and leaves nothing keeping the process alive', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    server.replies.push(status(503));
    const exporter = new InfluxMetricExporter({ url: server.url, v2: { bucket: 'b' }, selfMetrics: false, retry: { minDelayMillis: 20 } });
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
    exportSync(exporter, resourceMetrics([gauge('g', [[{ a: '1' }, 1], [{ a: '2' }, 2]])]));
    await exporter.shutdown();
    expect(server.requests).toHaveLength(2);
    expect(addRequest).toHaveBeenCalledTimes(2);
    expect(destroy).not.toHaveBeenCalled();
    agent.destroy();
  });

  it('works inside a PeriodicExportingMetricReader', async () => {
    const exporter = new InfluxMetricExporter({ url: server.url, v1: { database: 'db' }, selfMetrics: false, resourceAttributes: { include: ['service.name'] } });
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60000 });
    const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'demo' }), readers: [reader] });
    const c = provider.getMeter('m', '2.0').createCounter('jobs.done');
    c.add(2, { queue: 'q1' });
    c.add(3, { queue: 'q1' });
    await provider.shutdown();
    expect(server.allLines()).toEqual([expect.stringMatching(/^jobs\.done,otel\.library\.name=m,otel\.library\.version=2\.0,queue=q1,service\.name=demo counter=5 \d{19}$/)]);
  });
});
