import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { ClusterPrimaryProducer } from '../../src/cluster/ClusterPrimaryProducer';
import { ClusterWorkerReader } from '../../src/cluster/ClusterWorkerReader';

describe('cluster options and behaviour outside a cluster', () => {
  it('throws on invalid options, naming them', () => {
    expect(() => new ClusterPrimaryProducer({ timeoutMillis: 0 })).toThrow(/"timeoutMillis"/);
    expect(() => new ClusterPrimaryProducer({ gaugeAggregation: 'last' as never })).toThrow(/"gaugeAggregation"/);
    expect(() => new ClusterPrimaryProducer({ workerLabel: 'bad-name' })).toThrow(/"workerLabel"/);
    expect(() => new ClusterWorkerReader({ collectTimeoutMillis: NaN })).toThrow(/"collectTimeoutMillis"/);
  });

  it('the primary producer without workers returns an empty collection', async () => {
    const { resourceMetrics, errors } = await new ClusterPrimaryProducer().collect();
    expect(errors).toEqual([]);
    expect(resourceMetrics.scopeMetrics).toEqual([]);
  });

  it('the worker reader does not listen for IPC outside a cluster worker', async () => {
    const before = process.listenerCount('message');
    const provider = new MeterProvider({ readers: [new ClusterWorkerReader()] });
    expect(process.listenerCount('message')).toBe(before);
    await provider.shutdown();
  });
});
