import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { InvalidOptionError } from '@meterwork/core';
import { ClusterPrimaryProducer } from '../../src/cluster/ClusterPrimaryProducer';
import { ClusterWorkerReader } from '../../src/cluster/ClusterWorkerReader';

describe('cluster options and behaviour outside a cluster', () => {
  it('throws InvalidOptionError on invalid options, naming them', () => {
    expect(() => new ClusterPrimaryProducer({ timeoutMillis: 0 })).toThrow(InvalidOptionError);
    expect(() => new ClusterPrimaryProducer({ timeoutMillis: 0 })).toThrow('ClusterPrimaryProducer: option "timeoutMillis" must be a finite number > 0, got 0');
    expect(() => new ClusterWorkerReader({ collectTimeoutMillis: -1 })).toThrow(InvalidOptionError);
    expect(() => new ClusterPrimaryProducer({ timeoutMillis: undefined, gaugeAggregation: undefined, workerLabel: undefined })).not.toThrow();
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
