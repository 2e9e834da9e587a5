import * as http from 'http';
import type { AddressInfo } from 'net';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { MeterProvider, type MetricReaderOptions } from '@opentelemetry/sdk-metrics';
import {
  PrometheusPullReader,
  PrometheusSerializer,
  PushgatewayExporter,
  type CollectTextOptions,
  type PrometheusPullReaderOptions,
  type PrometheusSerializerOptions,
  type PushgatewayExporterOptions,
} from '@meterwork/exporter-prometheus';
import { CollectOnlyReader } from '../util';

// Issue: users pass environment variables (`{ host: process.env.METRICS_HOST }`); an option given
// as `undefined` must mean "not given" (the default), never a throw or a different exposition.

type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
/** Every optional option, explicitly `undefined`: a new option fails to compile here until it is listed. */
type AllUndefined<T> = { readonly [K in OptionalKeys<T>]-?: undefined };

const serializerOptions: AllUndefined<PrometheusSerializerOptions> = {
  withScopeLabels: undefined,
  withTargetInfo: undefined,
  withUnitSuffix: undefined,
  withTotalSuffix: undefined,
  withResourceConstantLabels: undefined,
  maxExponentialBuckets: undefined,
  withCreated: undefined,
  chunkSizeChars: undefined,
};

describe('options given as undefined mean their defaults', () => {
  it('PrometheusPullReader and collectText: the same exposition as with no options', async () => {
    // Ours only: the SDK's MetricReaderOptions differ between sdk-metrics 2.x and 3.x.
    const pullOptions: AllUndefined<Omit<PrometheusPullReaderOptions, keyof MetricReaderOptions>> = {
      ...serializerOptions,
      host: undefined,
      port: undefined,
      endpoint: undefined,
      auth: undefined,
      gzip: undefined,
    };
    const textOptions: AllUndefined<CollectTextOptions> = { accept: undefined, format: undefined };
    const explicit = new PrometheusPullReader(pullOptions);
    const plain = new PrometheusPullReader();
    const provider = new MeterProvider({ readers: [explicit, plain] });
    const meter = provider.getMeter('app');
    meter.createCounter('jobs.done', { unit: 's' }).add(3, { queue: 'mail' });
    meter.createHistogram('job.duration', { unit: 's' }).record(0.5);
    const a = await explicit.collectText(textOptions);
    const b = await plain.collectText();
    // the defaults: unit and _total suffixes, scope labels, target_info
    expect(a.body).toMatch(/^jobs_done_seconds_total\{[^}]*otel_scope_name="app"[^}]*\} 3$/m);
    expect(a.body).toMatch(/^target_info\{/m);
    expect({ format: a.format, contentType: a.contentType }).toEqual({ format: b.format, contentType: b.contentType });
    expect(a.body).toBe(b.body);
    await provider.shutdown();
  });

  it('PrometheusSerializer: the same text as with no options', async () => {
    const reader = new CollectOnlyReader();
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('app').createUpDownCounter('queue.length').add(7);
    const { resourceMetrics } = await reader.collect();
    expect(new PrometheusSerializer(serializerOptions).serialize(resourceMetrics)).toBe(new PrometheusSerializer().serialize(resourceMetrics));
    await provider.shutdown();
  });

  it('PushgatewayExporter: PUT to the job group with the default serializer', async () => {
    const seen: Array<{ method: string; url: string }> = [];
    const server = http.createServer((req, res) => {
      seen.push({ method: req.method!, url: req.url! });
      req.resume().on('end', () => res.end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const options: AllUndefined<PushgatewayExporterOptions> = {
        groupingKey: undefined,
        auth: undefined,
        headers: undefined,
        agent: undefined,
        requestHeaders: undefined,
        method: undefined,
        requestTimeoutMillis: undefined,
        exportTimeoutMillis: undefined,
        retry: undefined,
        serializer: undefined,
        deleteOnShutdown: undefined,
      };
      const exporter = new PushgatewayExporter({ ...options, url: `http://127.0.0.1:${port}`, job: 'nightly' });
      const reader = new CollectOnlyReader();
      const provider = new MeterProvider({ readers: [reader] });
      provider.getMeter('app').createCounter('rows').add(1);
      const { resourceMetrics } = await reader.collect();
      const result = await new Promise<ExportResult>((resolve) => exporter.export(resourceMetrics, resolve));
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      await exporter.shutdown();
      expect(seen).toEqual([{ method: 'PUT', url: '/metrics/job/nightly' }]); // no DELETE: deleteOnShutdown defaults to false
      await provider.shutdown();
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
