import { request as httpRequest, createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';
import { spawnSync } from 'child_process';
import { gunzipSync } from 'zlib';
import express from 'express';
import Fastify from 'fastify';
import { AggregationTemporality, DataPointType, MeterProvider, type MetricProducer } from '@opentelemetry/sdk-metrics';
import { ValueType } from '@opentelemetry/api';
import { loggingErrorHandler, setGlobalErrorHandler } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OPENMETRICS_CONTENT_TYPE, PROMETHEUS_TEXT_CONTENT_TYPE, PrometheusPullReader } from '../../src/index';

/** Whether this machine can listen on the IPv6 loopback (checked once, in a child process, so it can gate a test). */
const IPV6_LOOPBACK =
  spawnSync(process.execPath, ['-e', "require('net').createServer().on('error',()=>process.exit(1)).listen(0,'::1',function(){this.close()})"], {
    timeout: 10_000,
  }).status === 0;

const OM_ACCEPT = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

interface Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function setup(options: ConstructorParameters<typeof PrometheusPullReader>[0] = {}) {
  const reader = new PrometheusPullReader({ host: '127.0.0.1', port: 0, ...options });
  const provider = new MeterProvider({ readers: [reader], resource: resourceFromAttributes({ 'service.name': 'reader-test' }) });
  const counter = provider.getMeter('test-scope', '0.1').createCounter('requests', { description: 'Requests' });
  counter.add(5, { path: '/x' });
  return { reader, provider, counter };
}

describe('PrometheusPullReader', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    while (cleanup.length > 0) await cleanup.pop()!();
  });

  it('does not start a server in the constructor; startServer binds port 0 and serves text 0.0.4 by default', async () => {
    const { reader, provider } = setup();
    cleanup.push(() => provider.shutdown());
    const address = await reader.startServer();
    expect(address.port).toBeGreaterThan(0);
    expect(address.url).toBe(`http://127.0.0.1:${address.port}/metrics`);
    expect(await reader.startServer()).toBe(address);
    const res = await get(address.url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(PROMETHEUS_TEXT_CONTENT_TYPE);
    expect(res.body.toString()).toContain('requests_total{path="/x",otel_scope_name="test-scope",otel_scope_version="0.1"} 5\n');
    expect((await get(`http://127.0.0.1:${address.port}/other`)).status).toBe(404);
    const post = await get(address.url, {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const head = await get(address.url, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it('negotiates OpenMetrics from the Prometheus Accept header and gzips when asked', async () => {
    const { reader, provider } = setup();
    cleanup.push(() => provider.shutdown());
    const { url } = await reader.startServer();
    const res = await get(url, { Accept: OM_ACCEPT, 'Accept-Encoding': 'gzip' });
    expect(res.headers['content-type']).toBe(OPENMETRICS_CONTENT_TYPE);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toBe('Accept, Accept-Encoding');
    const text = gunzipSync(res.body).toString();
    expect(text).toContain('# TYPE requests counter\n');
    expect(text.endsWith('# EOF\n')).toBe(true);
  });

  it('does not compress when gzip is disabled', async () => {
    const { reader, provider } = setup({ gzip: false });
    cleanup.push(() => provider.shutdown());
    const { url } = await reader.startServer();
    const res = await get(url, { 'Accept-Encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString()).toContain('requests_total');
  });

  it('streams a large exposition in chunks that reassemble exactly', async () => {
    const { reader, provider, counter } = setup({ chunkSizeChars: 1024 });
    cleanup.push(() => provider.shutdown());
    for (let i = 0; i < 1500; i++) counter.add(1, { id: i });
    const { url } = await reader.startServer();
    const res = await get(url, { 'Accept-Encoding': 'gzip' });
    const text = gunzipSync(res.body).toString();
    const expected = await reader.collectText();
    expect(text).toBe(expected.body);
    expect(text.split('\n').filter((l) => l.startsWith('requests_total')).length).toBe(1501);
  });

  it('requires bearer auth when configured: 401 with WWW-Authenticate', async () => {
    const { reader, provider } = setup({ auth: { bearer: 's3cret' } });
    cleanup.push(() => provider.shutdown());
    const { url } = await reader.startServer();
    const none = await get(url);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect((await get(url, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await get(url, { Authorization: 'Bearer s3cret-longer' })).status).toBe(401);
    expect((await get(url, { Authorization: 'Bearer s3cret' })).status).toBe(200);
    expect((await get(url, { Authorization: 'bearer s3cret' })).status).toBe(200);
  });

  it('supports basic auth', async () => {
    const { reader, provider } = setup({ auth: { basic: { username: 'prom', password: 'p:w' } } });
    cleanup.push(() => provider.shutdown());
    const { url } = await reader.startServer();
    const basic = (u: string, p: string) => 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64');
    const denied = await get(url, { Authorization: basic('prom', 'nope') });
    expect(denied.status).toBe(401);
    expect(denied.headers['www-authenticate']).toContain('Basic realm="metrics"');
    expect((await get(url, { Authorization: basic('prom', 'p:w') })).status).toBe(200);
  });

  it('shares one collection between concurrent scrapes', async () => {
    let collections = 0;
    const producer: MetricProducer = {
      collect: async () => {
        collections++;
        await new Promise((r) => setTimeout(r, 50));
        return { resourceMetrics: { resource: resourceFromAttributes({}), scopeMetrics: [] }, errors: [] };
      },
    };
    const { reader, provider } = setup({ metricProducers: [producer] });
    cleanup.push(() => provider.shutdown());
    const { url } = await reader.startServer();
    const responses = await Promise.all([get(url), get(url, { Accept: OM_ACCEPT }), get(url), get(url, { 'Accept-Encoding': 'gzip' })]);
    expect(collections).toBe(1);
    const bodies = responses.map((r) => (r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.body) : r.body).toString());
    expect(bodies[0]).toBe(bodies[2]);
    expect(bodies[0]).toBe(bodies[3]);
    expect(bodies[1].endsWith('# EOF\n')).toBe(true);
    await get(url);
    expect(collections).toBe(2);
  });

  it('serves through requestHandler on a plain node http server', async () => {
    const { reader, provider } = setup();
    cleanup.push(() => provider.shutdown());
    const server: Server = createServer(reader.requestHandler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => server.close(r)));
    const res = await get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/anything`);
    expect(res.status).toBe(200);
    expect(res.body.toString()).toContain('requests_total');
  });

  it('serves through express', async () => {
    const { reader, provider } = setup();
    cleanup.push(() => provider.shutdown());
    const app = express();
    app.get('/prom', reader.requestHandler);
    const server = await new Promise<Server>((r) => {
      const s = app.listen(0, '127.0.0.1', () => r(s));
    });
    cleanup.push(() => new Promise((r) => server.close(r)));
    const res = await get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/prom`, { Accept: OM_ACCEPT });
    expect(res.headers['content-type']).toBe(OPENMETRICS_CONTENT_TYPE);
    expect(res.body.toString()).toContain('requests_total{path="/x"');
  });

  it('serves through fastify with reply.hijack() and reply.raw', async () => {
    const { reader, provider } = setup();
    cleanup.push(() => provider.shutdown());
    const app = Fastify();
    app.get('/metrics', (request, reply) => {
      reply.hijack();
      reader.requestHandler(request.raw, reply.raw);
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    cleanup.push(() => app.close());
    const port = (app.server.address() as AddressInfo).port;
    const res = await get(`http://127.0.0.1:${port}/metrics`, { 'Accept-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(gunzipSync(res.body).toString()).toContain('requests_total');
  });

  it('collectText negotiates and returns the body for other frameworks', async () => {
    const { reader, provider } = setup();
    cleanup.push(() => provider.shutdown());
    const om = await reader.collectText({ accept: OM_ACCEPT });
    expect(om.contentType).toBe(OPENMETRICS_CONTENT_TYPE);
    expect(om.body).toContain('requests_total');
    const forced = await reader.collectText({ accept: OM_ACCEPT, format: 'prometheus-text' });
    expect(forced.contentType).toBe(PROMETHEUS_TEXT_CONTENT_TYPE);
  });

  it('answers 500 and reports to the global error handler when collection fails', async () => {
    const errors: unknown[] = [];
    setGlobalErrorHandler((e) => errors.push(e));
    const failing: MetricProducer = {
      collect: async () => {
        throw new Error('producer broke');
      },
    };
    const { reader, provider } = setup({ metricProducers: [failing] });
    cleanup.push(() => provider.shutdown());
    const { url } = await reader.startServer();
    const res = await get(url);
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(String(errors[0])).toContain('producer broke');
    setGlobalErrorHandler(loggingErrorHandler());
  });

  it('shutdown stops the own server', async () => {
    const { reader, provider } = setup();
    const { url } = await reader.startServer();
    await provider.shutdown();
    await expect(get(url)).rejects.toThrow();
  });

  it.each([
    [{ port: -1 }, 'port'],
    [{ port: 1.5 }, 'port'],
    [{ port: 70000 }, 'port'],
    [{ endpoint: 'metrics' }, 'endpoint'],
    [{ host: '' }, 'host'],
    [{ gzip: 1 as never }, 'gzip'],
    [{ auth: { bearer: '' } }, 'auth.bearer'],
    [{ auth: { type: 'digest' } as never }, '"auth"'],
  ])('rejects invalid option %j naming it', (options, name) => {
    expect(() => new PrometheusPullReader(options)).toThrow(name);
  });

  it('huge cardinality: series past the cardinality limit are folded into one otel_metric_overflow="true" series, nothing lost', async () => {
    const { reader, provider, counter } = setup({ cardinalitySelector: () => 100 });
    cleanup.push(() => provider.shutdown());
    for (let i = 0; i < 5000; i++) counter.add(1, { id: String(i) });
    for (const format of ['prometheus-text', 'openmetrics'] as const) {
      const { body } = await reader.collectText({ format });
      const lines = body.split('\n').filter((l) => l.startsWith('requests_total'));
      expect(lines.length).toBeLessThanOrEqual(100);
      const overflow = lines.filter((l) => l.includes('otel_metric_overflow="true"'));
      expect(overflow).toHaveLength(1);
      expect(lines.reduce((total, l) => total + Number(l.slice(l.lastIndexOf(' ') + 1)), 0)).toBe(5005);
    }
  });

  it('concurrent startServer calls share one server (none is left listening after stop)', async () => {
    const { reader, provider } = setup();
    cleanup.push(() => provider.shutdown());
    const [a, b] = await Promise.all([reader.startServer(), reader.startServer()]);
    expect(b).toEqual(a);
    expect((await get(a.url)).status).toBe(200);
    await reader.stopServer();
    await expect(get(a.url)).rejects.toThrow();
    // and it can start again
    const c = await reader.startServer();
    expect((await get(c.url)).status).toBe(200);
  });

  it('defaults to localhost:9464 (the spec default); port 0 picks a free port', async () => {
    const reader = new PrometheusPullReader();
    const provider = new MeterProvider({ readers: [reader] });
    cleanup.push(() => provider.shutdown());
    try {
      const address = await reader.startServer();
      expect(address.port).toBe(9464);
      expect(['127.0.0.1', '::1']).toContain(address.host);
      expect(address.url.endsWith(':9464/metrics')).toBe(true);
    } catch (error) {
      // something else holds 9464 on this machine: the attempt still shows the default
      expect(String(error)).toMatch(/EADDRINUSE.*(127\.0\.0\.1|::1):9464/);
    }
    const { reader: zero } = setup({ port: 0 });
    const { port } = await zero.startServer();
    expect(port).toBeGreaterThan(0);
    expect(port).not.toBe(9464);
    await zero.shutdown();
  });

  (IPV6_LOOPBACK ? it : it.skip)(
    `brackets an IPv6 host in the url (host '::1' -> http://[::1]:port/metrics)${IPV6_LOOPBACK ? '' : ' [SKIPPED: this machine cannot listen on the IPv6 loopback ::1]'}`,
    async () => {
      const { reader, provider } = setup({ host: '::1' });
      cleanup.push(() => provider.shutdown());
      const address = await reader.startServer();
      expect(address.host).toBe('::1');
      expect(address.url).toBe(`http://[::1]:${address.port}/metrics`);
      const res = await get(address.url);
      expect(res.status).toBe(200);
      expect(res.body.toString()).toContain('requests_total{path="/x"');
    },
  );

  it('backpressure: a client that stops reading stops the serializer (chunks are made only as the socket drains)', async () => {
    // One counter with N points made on demand, counting how many the serializer has read.
    const N = 100_000;
    const pad = 'x'.repeat(150); // ~200 characters a line: ~20 MB in all, far above socket buffers (a few MB)
    let read = 0;
    const points = new Proxy([] as unknown[], {
      get(target, key, receiver) {
        if (key === 'length') return N;
        if (typeof key === 'string' && /^\d+$/.test(key)) {
          read++;
          return { attributes: { id: key, pad }, startTime: [1700000000, 0], endTime: [1700000060, 0], value: 1 };
        }
        return Reflect.get(target, key, receiver);
      },
    });
    const producer: MetricProducer = {
      collect: async () => ({
        resourceMetrics: {
          resource: resourceFromAttributes({}),
          scopeMetrics: [
            {
              scope: { name: 's' },
              metrics: [
                {
                  descriptor: { name: 'big', unit: '', description: 'Big', valueType: ValueType.DOUBLE },
                  dataPointType: DataPointType.SUM,
                  aggregationTemporality: AggregationTemporality.CUMULATIVE,
                  isMonotonic: true,
                  dataPoints: points as never,
                },
              ],
            },
          ],
        },
        errors: [],
      }),
    };
    const { reader, provider } = setup({ metricProducers: [producer], chunkSizeChars: 1024 });
    cleanup.push(() => provider.shutdown());
    const { url } = await reader.startServer();

    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(url, (res) => {
        res.pause(); // stop reading: the client's buffer, then the socket buffers, fill up
        resolve(res);
      });
      req.on('error', reject);
      req.end();
    });
    // Wait until the server stops making progress (the socket no longer drains).
    let last = -1;
    for (let stable = 0; stable < 4;) {
      await new Promise((r) => setTimeout(r, 50));
      stable = read === last ? stable + 1 : 0;
      last = read;
    }
    const readWhilePaused = read;
    expect(readWhilePaused).toBeGreaterThan(0);
    expect(readWhilePaused).toBeLessThan(N); // not run to completion (on Linux with a 4 MB tcp_wmem max it stops near N / 5)

    let lines = 0;
    let tail = '';
    await new Promise<void>((resolve, reject) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        const text = tail + chunk;
        const end = text.lastIndexOf('\n');
        for (const line of text.slice(0, end + 1).split('\n')) if (line.startsWith('big_total{')) lines++;
        tail = text.slice(end + 1);
      });
      response.on('end', resolve);
      response.on('error', reject);
      response.resume();
    });
    expect(read).toBe(N);
    expect(lines).toBe(N);
  });

  it('reports a port already in use from startServer', async () => {
    const { reader, provider } = setup();
    cleanup.push(() => provider.shutdown());
    const { port } = await reader.startServer();
    const second = new PrometheusPullReader({ host: '127.0.0.1', port });
    await expect(second.startServer()).rejects.toThrow(/EADDRINUSE/);
  });
});
