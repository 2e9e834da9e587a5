import type { CollectionResult, MetricProducer, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { CombinedProducer, interceptSdkProducer, readerHasProducer } from '../../../src/sdk/otel/readerProducers';
import { watchReadersWithoutProducer } from '../../../src/sdk/otel/watchReaders';
import { PullReader } from './helpers';

function producer(scopeName: string, errors: unknown[] = []): MetricProducer {
  const resource = { attributes: { from: scopeName } } as unknown as ResourceMetrics['resource'];
  return {
    collect: async (): Promise<CollectionResult> => ({
      resourceMetrics: { resource, scopeMetrics: [{ scope: { name: scopeName }, metrics: [] }] },
      errors,
    }),
  };
}

describe('CombinedProducer', () => {
  it("keeps the SDK's resource and concatenates scopes and errors, SDK first (as MetricReader merges metricProducers)", async () => {
    const { resourceMetrics, errors } = await new CombinedProducer(producer('sdk', ['e1']), producer('meterwork', ['e2'])).collect();
    expect(resourceMetrics.resource.attributes).toEqual({ from: 'sdk' });
    expect(resourceMetrics.scopeMetrics.map((s) => s.scope.name)).toEqual(['sdk', 'meterwork']);
    expect(errors).toEqual(['e1', 'e2']);
  });
});

describe('interceptSdkProducer', () => {
  it('hands the reader a combined producer on its one bind, then is gone', async () => {
    const reader = new PullReader();
    const ours = producer('meterwork');
    interceptSdkProducer(reader, ours);
    reader.setMetricProducer(producer('sdk'));
    expect(Object.prototype.hasOwnProperty.call(reader, 'setMetricProducer')).toBe(false);
    expect(readerHasProducer(reader, (p) => p === ours)).toBe(true);
    const names = (await reader.collect()).resourceMetrics.scopeMetrics.map((s) => s.scope.name);
    expect(names).toEqual(['sdk', 'meterwork']);
  });

  it('restores a setMetricProducer the reader had as its own property', () => {
    const reader = new PullReader();
    const own = jest.fn();
    (reader as { setMetricProducer: unknown }).setMetricProducer = own;
    const undo = interceptSdkProducer(reader, producer('meterwork'));
    undo();
    expect(reader.setMetricProducer).toBe(own);
  });
});

describe('readerHasProducer / watchReadersWithoutProducer', () => {
  it('answer "unknown" and watch nothing for shapes that are not sdk-metrics\'', () => {
    expect(readerHasProducer({}, () => true)).toBeUndefined();
    expect(() =>
      watchReadersWithoutProducer(
        { getMeter: () => undefined },
        () => true,
        () => 'x',
      ),
    ).not.toThrow();
    expect(() =>
      watchReadersWithoutProducer(
        { _sharedState: { metricCollectors: [null, 5, {}] } },
        () => true,
        () => 'x',
      ),
    ).not.toThrow();
  });
});
