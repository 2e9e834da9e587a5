/**
 * Regression: the anonymous profile removed go/no-go `outcome` and meter `window` point attributes (not on
 * the allow-list), so the go and no-go series (and the 1m/5m/15m/mean rates) collapsed into one series each.
 * Found running examples/anonymous-telemetry.
 */
import { ValueType } from '@opentelemetry/api';
import { emptyResource } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { AnonymousProfile } from '../../src/profile/AnonymousProfile';

function gauge(name: string, attributes: Array<Record<string, string>>): MetricData {
  return {
    descriptor: { name, description: '', unit: '', valueType: ValueType.DOUBLE },
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.GAUGE,
    dataPoints: attributes.map((a, i) => ({ attributes: a, startTime: [1, 0], endTime: [1, 0], value: i })),
  };
}

it('keeps outcome, window and quantile on points, so the series stay apart', () => {
  const out = new AnonymousProfile().anonymize({
    resource: emptyResource(),
    scopeMetrics: [
      {
        scope: { name: 's' },
        metrics: [
          gauge('jobs.duration.mean', [{ outcome: 'go' }, { outcome: 'no_go' }]),
          gauge('bytes.rate', [{ window: '1m' }, { window: '5m' }]),
          gauge('latency', [{ quantile: '0.5' }, { quantile: '0.99' }]),
        ],
      },
    ],
  });
  expect(out.scopeMetrics[0]!.metrics.map((m) => m.dataPoints.map((p) => p.attributes))).toEqual([
    [{ outcome: 'go' }, { outcome: 'no_go' }],
    [{ window: '1m' }, { window: '5m' }],
    [{ quantile: '0.5' }, { quantile: '0.99' }],
  ]);
});
