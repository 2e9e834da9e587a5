import { metrics } from '@opentelemetry/api';
import { OVERFLOW_ATTRIBUTES } from '@meterwork/core';
import { build, metricNamed } from '../otel/helpers';

describe('series storage behind a wrapped instrument', () => {
  afterEach(() => metrics.disable());

  it('applies a cardinality limit with an OTel overflow series', async () => {
    const { meter, collect } = build([{ instrumentName: 'x', aggregationCardinalityLimit: 3, aggregation: { type: 'sliding_window', size: 10 } }]);
    const h = meter.createHistogram('x');
    for (let i = 0; i < 10; i++) h.record(i, { id: i });
    const rm = await collect();
    const counts = metricNamed(rm, 'x.count')!.dataPoints.map((p) => [p.attributes, p.value]);
    expect(counts).toEqual([
      [{ id: 0 }, 1],
      [{ id: 1 }, 1],
      [OVERFLOW_ATTRIBUTES, 8],
    ]);
  });

  it('stamps startTime at series creation and endTime at collection', async () => {
    const { meter, collect } = build([{ instrumentName: 'x', aggregation: { type: 'uniform' } }]);
    const h = meter.createHistogram('x');
    h.record(1, { a: 1 });
    await new Promise((r) => setTimeout(r, 20));
    h.record(1, { a: 2 });
    const rm = await collect();
    const [p1, p2] = metricNamed(rm, 'x.count')!.dataPoints;
    const ms = (t: [number, number]) => t[0] * 1000 + t[1] / 1e6;
    expect(ms(p2!.startTime) - ms(p1!.startTime)).toBeGreaterThanOrEqual(15);
    expect(ms(p1!.endTime)).toBe(ms(p2!.endTime));
    expect(ms(p1!.endTime)).toBeGreaterThanOrEqual(ms(p2!.startTime));
    const rm2 = await collect();
    expect(ms(metricNamed(rm2, 'x.count')!.dataPoints[0]!.startTime)).toBe(ms(p1!.startTime)); // cumulative
  });
});
