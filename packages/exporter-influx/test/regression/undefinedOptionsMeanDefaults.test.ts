import * as http from 'http';
import type { AddressInfo } from 'net';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import {
  InfluxMetricExporter,
  LineProtocolEncoder,
  type EncoderOptions,
  type InfluxMetricExporterOptions,
  type InfluxV1Target,
  type ResourceAttributeSelection,
} from '@meterwork/exporter-influx';

// Issue: users pass environment variables (`{ v1: { database: 'db', retentionPolicy: process.env.INFLUX_RP } }`);
// an option given as `undefined` must mean "not given" (the default), never a throw or different lines.

type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
/** Every optional option, explicitly `undefined`: a new option fails to compile here until it is listed. */
type AllUndefined<T> = { readonly [K in OptionalKeys<T>]-?: undefined };

class CollectOnlyReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

async function someMetrics(): Promise<ResourceMetrics> {
  const reader = new CollectOnlyReader();
  const provider = new MeterProvider({ readers: [reader] });
  const meter = provider.getMeter('app', '1.0.0');
  meter.createCounter('jobs.done').add(3, { queue: 'mail' });
  meter.createHistogram('job.duration', { unit: 's' }).record(0.5);
  const { resourceMetrics } = await reader.collect();
  await provider.shutdown();
  return resourceMetrics;
}

const encoderOptions: AllUndefined<EncoderOptions> = {
  schema: undefined,
  precision: undefined,
  defaultTags: undefined,
  resourceAttributes: undefined,
  scopeTags: undefined,
};

describe('options given as undefined mean their defaults', () => {
  it('LineProtocolEncoder: the same lines as with no options', async () => {
    const rm = await someMetrics();
    const selection: AllUndefined<ResourceAttributeSelection> = { include: undefined, exclude: undefined };
    const expected = new LineProtocolEncoder().encodeToString(rm);
    expect(expected).toMatch(/^jobs\.done,/m);
    expect(new LineProtocolEncoder(encoderOptions).encodeToString(rm)).toBe(expected);
    expect(new LineProtocolEncoder({ resourceAttributes: selection }).encodeToString(rm)).toBe(expected);
  });

  it('InfluxMetricExporter: writes to /write with the default precision, no credentials, and flushes on shutdown', async () => {
    const seen: Array<{ url: string; authorization: string | undefined; body: string }> = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ url: req.url!, authorization: req.headers.authorization, body });
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const target: AllUndefined<InfluxV1Target> = { retentionPolicy: undefined };
      const options: AllUndefined<InfluxMetricExporterOptions> = {
        ...encoderOptions,
        v1: undefined,
        v2: undefined,
        auth: undefined,
        agent: undefined,
        headers: undefined,
        requestHeaders: undefined,
        batchLines: undefined,
        batchBytes: undefined,
        maxInFlight: undefined,
        maxBufferLines: undefined,
        maxBufferBytes: undefined,
        retry: undefined,
        requestTimeoutMillis: undefined,
        flushTimeoutMillis: undefined,
        sessionIdTag: undefined,
        selfMetrics: undefined,
        temporality: undefined,
        onDeliveryError: undefined,
      };
      const exporter = new InfluxMetricExporter({ ...options, url: `http://127.0.0.1:${port}`, v1: { ...target, database: 'telemetry' } });
      const rm = await someMetrics();
      const result = await new Promise<ExportResult>((resolve) => exporter.export(rm, resolve));
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      await exporter.shutdown();
      expect(seen.map((s) => s.url)).toEqual(['/write?db=telemetry&precision=ns']);
      expect(seen[0]!.authorization).toBeUndefined();
      expect(seen[0]!.body).toContain(new LineProtocolEncoder().encodeToString(rm).split('\n')[0]!);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
