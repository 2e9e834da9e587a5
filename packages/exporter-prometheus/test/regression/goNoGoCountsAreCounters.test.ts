import { ValueType } from '@opentelemetry/api';
import { attachMeterworkData } from '@meterwork/core/internal';
import { AggregationTemporality, DataPointType, MeterProvider, type MetricData, type MetricProducer, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { Registry } from 'prom-client';
import { PromClientBridgeReader } from '../../src/promclient/PromClientBridgeReader';
import { PrometheusSerializer } from '../../src/serializer/serializer';
import { END, START, resourceMetrics } from '../serializer/fixtures';

/**
 * Issue 7 item 5: go/no-go counts are cumulative and monotonic in every
 * encoding. The standard encoding has `N.count` / `N.outliers` monotonic SUMs;
 * the native families `<base>_outcomes` and `<base>_outliers` are counters and
 * follow the counter naming rules like a base counter: `_total` in text 0.0.4
 * (unless `withTotalSuffix: false`), OpenMetrics family without `_total`,
 * samples with `_total` and `_created` lines.
 */

const STATS = { count: 3, sum: 6, periodCount: 3, mean: 2, min: 1, max: 3 };

function goNoGo(): ResourceMetrics {
  const metric: MetricData = attachMeterworkData(
    {
      descriptor: { name: 'checkout', unit: 's', description: 'Checkouts', valueType: ValueType.DOUBLE },
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.GAUGE,
      dataPoints: [],
    },
    {
      kind: 'go_no_go',
      descriptor: { name: 'checkout', unit: 's', description: 'Checkouts', valueType: ValueType.DOUBLE },
      points: [
        {
          attributes: { shop: 'a' },
          startTime: START,
          endTime: END,
          value: { go: STATS, noGo: { count: 2, sum: 9, periodCount: 0 }, outliers: 1, periodStartMillis: 0, periodMillis: 60_000 },
        },
      ],
    },
  );
  return resourceMetrics([{ name: 's', metrics: [metric] }]);
}

const PLAIN = { withTargetInfo: false, withScopeLabels: false } as const;

describe('regression: go/no-go counts are counters', () => {
  it('text 0.0.4: TYPE counter, names end in _total', () => {
    const text = new PrometheusSerializer(PLAIN).serialize(goNoGo());
    expect(text).toContain('# TYPE checkout_seconds_outcomes_total counter\n');
    expect(text).toContain('# TYPE checkout_seconds_outliers_total counter\n');
    expect(text).toContain('checkout_seconds_outcomes_total{shop="a",outcome="go"} 3\n');
    expect(text).toContain('checkout_seconds_outcomes_total{shop="a",outcome="no_go"} 2\n');
    expect(text).toContain('checkout_seconds_outliers_total{shop="a"} 1\n');
    // mean/min/max stay gauges (a period's value)
    expect(text).toContain('# TYPE checkout_seconds_mean gauge\n');
    expect(text).not.toMatch(/^checkout_seconds_(outcomes|outliers)\{/m);
  });

  it('OpenMetrics: family without _total, samples with _total and _created', () => {
    const om = new PrometheusSerializer(PLAIN).serialize(goNoGo(), 'openmetrics');
    expect(om).toContain('# TYPE checkout_seconds_outcomes counter\n');
    expect(om).toContain('# TYPE checkout_seconds_outliers counter\n');
    expect(om).toContain('checkout_seconds_outcomes_total{shop="a",outcome="go"} 3\n');
    expect(om).toContain('checkout_seconds_outliers_total{shop="a"} 1\n');
    expect(om).toContain('checkout_seconds_outcomes_created{shop="a",outcome="go"} 1700000000.5\n');
    expect(om).not.toContain('_total_total');
  });

  it('withTotalSuffix: false names them like base counters (no _total in text 0.0.4)', () => {
    const text = new PrometheusSerializer({ ...PLAIN, withTotalSuffix: false }).serialize(goNoGo());
    expect(text).toContain('# TYPE checkout_seconds_outcomes counter\n');
    expect(text).toContain('checkout_seconds_outcomes{shop="a",outcome="go"} 3\n');
  });

  it('the prom-client bridge registers counters with the same names', async () => {
    const data = goNoGo();
    const producer: MetricProducer = { collect: async () => ({ resourceMetrics: data, errors: [] }) };
    const bridge = new PromClientBridgeReader({ ...PLAIN, metricProducers: [producer] });
    const provider = new MeterProvider({ resource: data.resource, readers: [bridge] });
    const registry = new Registry();
    bridge.registerWith(registry);
    try {
      const text = await registry.metrics();
      expect(text).toContain('# TYPE checkout_seconds_outcomes_total counter\n');
      expect(text).toContain('checkout_seconds_outliers_total{shop="a"} 1\n');
    } finally {
      await provider.shutdown();
    }
  });
});
