import { execFile } from 'child_process';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { join } from 'path';
import { promisify } from 'util';
import { HEADER, writeConfig } from '../helpers';

// The README's recipe "Traces with sdk-node from the same file", run as an application (the real sdk-node
// 0.223 in a child process on the built dist/: the OTLP exporters load with import(), which jest's VM lacks):
// sdk-node starts traces from the file, startMetrics metrics from the same file, once; nothing silently off.
const APP = join(__dirname, '..', 'fixtures', 'sdk-node-app.js');
const run = promisify(execFile);

/** A stand-in OTLP/HTTP collector: records the path of each request. */
async function collector(): Promise<{ url: string; paths: string[]; server: Server }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      paths.push(req.url ?? '');
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths, server };
}

async function runApp(file: string): Promise<{ scrape?: string; error?: string }> {
  const { stdout } = await run(process.execPath, [APP], { env: { ...process.env, OTEL_CONFIG_FILE: file, OTEL_LOG_LEVEL: 'none' }, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { scrape?: string; error?: string };
}

describe('sdk-node and startMetrics from one file (child process)', () => {
  let otlp: Awaited<ReturnType<typeof collector>>;
  beforeEach(async () => {
    otlp = await collector();
  });
  afterEach(() => {
    otlp.server.close();
  });

  it('traces through sdk-node, metrics (OTLP and meterwork readers) through startMetrics', async () => {
    const file = writeConfig(
      HEADER +
        `resource:
  attributes: [{ name: service.name, value: shop }]
tracer_provider:
  processors:
    - simple: { exporter: { otlp_http: { endpoint: "URL/v1/traces", encoding: json } } }
distribution:
  meterwork:
    readers:
      - periodic: { interval: 3600000, exporter: { otlp_http: { endpoint: "URL/v1/metrics", encoding: json } } }
      - pull: { exporter: { prometheus: { host: 127.0.0.1, port: 0 } } }
    views:
      - selector: { instrument_name: http.server.request.duration }
        stream: { aggregation: { sliding_window: { size: 100, quantiles: [0.5] } } }
`.replace(/URL/g, otlp.url),
    );
    const out = await runApp(file);
    expect(out.error).toBeUndefined();
    expect(out.scrape).toMatch(/http_server_request_duration_seconds\{[^}]*quantile="0.5"[^}]*\} 0.2/);
    expect(out.scrape).toMatch(/service_name="shop"/);
    // The span went out through sdk-node's tracer provider, the metrics through ours: neither side was turned off.
    expect(otlp.paths).toContain('/v1/traces');
    expect(otlp.paths).toContain('/v1/metrics');
  }, 90_000);

  it('a file whose meter_provider sdk-node already set up: startMetrics refuses a second setup, traces go on', async () => {
    const file = writeConfig(
      HEADER +
        `meter_provider:
  readers:
    - periodic: { interval: 3600000, exporter: { console: } }
tracer_provider:
  processors:
    - simple: { exporter: { otlp_http: { endpoint: "URL/v1/traces", encoding: json } } }
distribution:
  meterwork:
    readers:
      - pull: { exporter: { prometheus: { host: 127.0.0.1, port: 0 } } }
`.replace(/URL/g, otlp.url),
    );
    const out = await runApp(file);
    expect(out.error).toMatch(/a global MeterProvider is already registered .* metrics would be set up twice/);
    expect(otlp.paths).toContain('/v1/traces');
  }, 90_000);
});
