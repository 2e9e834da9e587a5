/**
 * A cluster worker's reader built with `meterwork.createMeterProvider` got a
 * producer without samples, so the primary fell back to count-weighted
 * quantile averages (with a diag) instead of merging the workers' samples.
 * The reader now asks for them (`ProducerOptionsKey`), and
 * createMeterProvider honours it.
 */
import { getMeterworkData, Meterwork, type SummaryValue } from '@meterwork/core';
import { ClusterWorkerReader } from '../../src';

describe('ClusterWorkerReader behind createMeterProvider', () => {
  it("gets a meterwork producer that includes the reservoir samples (the primary's merge needs them)", async () => {
    const meterwork = new Meterwork({ views: [{ instrumentName: 'lat', aggregation: { type: 'uniform', quantiles: [0.5] } }] });
    const reader = new ClusterWorkerReader();
    const provider = meterwork.createMeterProvider({ readers: [reader] });
    const lat = provider.getMeter('app').createHistogram('lat');
    for (const v of [3, 1, 2]) lat.record(v);
    const { resourceMetrics } = await reader.collect();
    const metric = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === 'lat.count');
    const value = getMeterworkData(metric!)!.points[0]!.value as SummaryValue;
    expect(value.samples).toEqual([1, 2, 3]);
    await provider.shutdown();
  });
});
