import { ValueType, type HrTime } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { InvalidOptionError, Meterwork, getMeterworkData, type MeterworkSource, type SummaryMetricData } from '@meterwork/core';

const descriptor = { name: 'src.duration', description: 'd', unit: 's', valueType: ValueType.DOUBLE };
const attributes = { name: 'f' };

function source(counts: { n: number }): MeterworkSource {
  return {
    scope: { name: 'my-source', version: '1' },
    collect(endTime: HrTime): Array<SummaryMetricData | MetricData> {
      const summary: SummaryMetricData = {
        kind: 'summary',
        descriptor,
        points: [
          {
            attributes,
            startTime: [1, 0],
            endTime,
            value: { count: counts.n, sum: counts.n * 2, min: 2, max: 2, mean: 2, stdDev: 0, dropped: 0, quantiles: [{ quantile: 0.5, value: 2 }] },
          },
        ],
      };
      const gauge: MetricData = {
        descriptor: { name: 'src.current', description: '', unit: '', valueType: ValueType.INT },
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.GAUGE,
        dataPoints: [{ attributes, startTime: endTime, endTime, value: 3 }],
      };
      return [summary, gauge];
    },
  };
}

async function collect(producer: { collect(): Promise<{ resourceMetrics: { scopeMetrics: Array<{ scope: { name: string }; metrics: MetricData[] }> } }> }) {
  const { resourceMetrics } = await producer.collect();
  return resourceMetrics.scopeMetrics;
}

function value(metrics: MetricData[], name: string, extra: Record<string, unknown> = {}): number | undefined {
  const m = metrics.find((x) => x.descriptor.name === name);
  const p = m?.dataPoints.find((d) => Object.entries(extra).every(([k, v]) => d.attributes[k] === v));
  return p?.value as number | undefined;
}

describe('Meterwork.addSource', () => {
  it('reports a source through every producer: rich data encoded, plain metrics as they are', async () => {
    const mw = new Meterwork();
    const counts = { n: 4 };
    const remove = mw.addSource(source(counts));
    const scopes = await collect(mw.producer);
    expect(scopes.map((s) => s.scope.name)).toEqual(['my-source']);
    const metrics = scopes[0]!.metrics;
    expect(value(metrics, 'src.duration.count')).toBe(4);
    expect(value(metrics, 'src.duration', { quantile: 0.5 })).toBe(2);
    expect(value(metrics, 'src.current')).toBe(3);
    expect(getMeterworkData(metrics.find((m) => m.descriptor.name === 'src.duration.sum')!)?.kind).toBe('summary');
    remove();
    expect(await collect(mw.producer)).toEqual([]);
  });

  it('makes rich source data delta for a delta producer', async () => {
    const mw = new Meterwork();
    const counts = { n: 4 };
    mw.addSource(source(counts));
    const delta = mw.createProducer({ temporality: AggregationTemporality.DELTA });
    expect(value((await collect(delta))[0]!.metrics, 'src.duration.count')).toBe(4);
    counts.n = 10;
    expect(value((await collect(delta))[0]!.metrics, 'src.duration.count')).toBe(6);
    expect(value((await collect(mw.producer))[0]!.metrics, 'src.duration.count')).toBe(10);
  });

  it('reports a throwing source as a collection error and keeps the rest', async () => {
    const mw = new Meterwork();
    mw.addSource({
      scope: { name: 'bad' },
      collect() {
        throw new Error('boom');
      },
    });
    mw.addSource(source({ n: 1 }));
    const { resourceMetrics, errors } = await mw.producer.collect();
    expect(errors).toHaveLength(1);
    expect(resourceMetrics.scopeMetrics.map((s) => s.scope.name)).toEqual(['my-source']);
  });

  it('refuses a source without collect', () => {
    expect(() => new Meterwork().addSource({} as MeterworkSource)).toThrow(InvalidOptionError);
  });
});
