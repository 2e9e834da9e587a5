/**
 * Reporting policies with OTel's own OTLP/HTTP exporter, from built code in a
 * child process (the exporter loads its transport with a dynamic import that
 * jest's VM refuses): a delta policy's two reports reach a local OTLP/HTTP
 * endpoint as JSON, prefixed, with delta sums and only the bound metrics.
 */
import * as http from 'http';
import * as path from 'path';
import { spawn } from 'child_process';
import type { AddressInfo } from 'net';

jest.setTimeout(120_000);

interface OtlpMetric {
  name: string;
  sum?: {
    aggregationTemporality: number;
    dataPoints: Array<{ attributes: Array<{ key: string; value: { stringValue?: string } }>; asInt?: string; asDouble?: number }>;
  };
}

function metricsOf(body: unknown): OtlpMetric[] {
  const b = body as { resourceMetrics: Array<{ scopeMetrics: Array<{ metrics: OtlpMetric[] }> }> };
  return b.resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
}

function sumValue(metrics: OtlpMetric[], name: string, outcome?: string): number {
  const m = metrics.find((x) => x.name === name);
  if (m?.sum === undefined) throw new Error(`no sum ${name} in ${metrics.map((x) => x.name).join(', ')}`);
  const p = m.sum.dataPoints.find((d) => outcome === undefined || d.attributes.some((a) => a.key === 'outcome' && a.value.stringValue === outcome))!;
  return Number(p.asDouble ?? p.asInt);
}

it('a delta policy sends its metrics to the OTLP/HTTP exporter: prefixed, delta, bound metrics only', async () => {
  const bodies: unknown[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/metrics`;
  try {
    const child = spawn(process.execPath, [path.join(__dirname, 'fixtures/policies-otlp-app.js')], {
      env: { ...process.env, OTLP_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect({ code, output }).toEqual({ code: 0, output: '' });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  expect(bodies).toHaveLength(2);
  const [first, second] = bodies.map(metricsOf);
  expect(first!.map((m) => m.name).sort()).toEqual([
    'ui.jobs.count',
    'ui.jobs.max',
    'ui.jobs.mean',
    'ui.jobs.min',
    'ui.jobs.outliers',
    'ui.jobs.sum',
    'ui.n.cn.dns',
  ]);
  expect(sumValue(first!, 'ui.n.cn.dns')).toBe(5);
  expect(sumValue(second!, 'ui.n.cn.dns')).toBe(3);
  expect(second!.find((m) => m.name === 'ui.n.cn.dns')!.sum!.aggregationTemporality).toBe(1); // DELTA
  expect(sumValue(second!, 'ui.jobs.count', 'go')).toBe(2);
  expect(sumValue(second!, 'ui.jobs.sum', 'go')).toBe(8);
});
