import { createEnvironment } from '@meterwork/tasks';

describe('createEnvironment', () => {
  it("lists prom-client's default process and runtime metrics monkit-style", async () => {
    const env = createEnvironment({ prefix: 'env_' });
    const rows: Array<[string, Record<string, string>, string, number]> = [];
    await env.stats((m, tags, field, value) => rows.push([m, { ...tags }, field, value]));
    const names = new Set(rows.map((r) => r[0]));
    for (const n of ['env_process_cpu_user_seconds_total', 'env_nodejs_heap_size_used_bytes', 'env_nodejs_eventloop_lag_seconds', 'env_nodejs_version_info']) {
      expect(names).toContain(n);
    }
    const heap = rows.find((r) => r[0] === 'env_nodejs_heap_size_used_bytes')!;
    expect(heap[2]).toBe('value');
    expect(heap[3]).toBeGreaterThan(0);
    const version = rows.find((r) => r[0] === 'env_nodejs_version_info')!;
    expect(version[1].version).toBe(process.version);
    const bucket = rows.find((r) => r[2] === 'bucket');
    if (bucket !== undefined) expect(bucket[1].le).toBeDefined();
    env.promRegistry.clear();
  });
});

describe('environment through OTel readers', () => {
  it("reaches a reader through exporter-prometheus' PromClientProducer", async () => {
    const { MeterProvider, MetricReader } = await import('@opentelemetry/sdk-metrics');
    const { PromClientProducer } = await import('@meterwork/exporter-prometheus');
    class PullReader extends MetricReader {
      protected override async onShutdown(): Promise<void> {}
      protected override async onForceFlush(): Promise<void> {}
    }
    const env = createEnvironment();
    const reader = new PullReader({ metricProducers: [new PromClientProducer({ registry: env.promRegistry })] });
    const provider = new MeterProvider({ readers: [reader] });
    const { resourceMetrics } = await reader.collect();
    const names = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.descriptor.name));
    expect(names).toContain('nodejs_heap_size_used_bytes');
    expect(names).toContain('process_cpu_user_seconds_total');
    await provider.shutdown();
    env.promRegistry.clear();
  });
});
