import { diag } from '@opentelemetry/api';
import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { PrometheusSerializer } from '../../src/serializer/serializer';
import { gauge, histogram, resourceMetrics, sum } from '../serializer/fixtures';

/**
 * The prom-client bridge warned once per name about a dropped metric; the
 * serializer warned on every scrape. Both now render the same model, which
 * warns once per name (per serializer or bridge) about a name conflict or a
 * delta metric, as it already did about HELP/UNIT conflicts.
 */
describe('regression: dropped-metric warnings are given once per name, not on every scrape', () => {
  it('name conflicts and delta metrics warn once over many scrapes', () => {
    const warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
    try {
      const data = resourceMetrics([
        {
          name: 's',
          metrics: [
            gauge('clash', [[{}, 1]]),
            histogram('clash', [[{}, { buckets: { boundaries: [1], counts: [1, 0] }, count: 1, sum: 0.5, min: 0.5 }]]),
            sum('per.interval', [[{}, 1]], { temporality: AggregationTemporality.DELTA }),
          ],
        },
      ]);
      const serializer = new PrometheusSerializer();
      for (let i = 0; i < 5; i++) expect(serializer.serialize(data)).toContain('\nclash{otel_scope_name="s"} 1\n');
      const messages = warn.mock.calls.map((c) => String(c[0]));
      expect(messages.filter((m) => m.includes("dropping metric 'clash'"))).toHaveLength(1);
      expect(messages.filter((m) => m.includes("dropping metric 'per.interval'"))).toHaveLength(1);
      // another serializer (another output) warns again
      new PrometheusSerializer().serialize(data);
      expect(warn.mock.calls.filter((c) => String(c[0]).includes("dropping metric 'clash'"))).toHaveLength(2);
    } finally {
      warn.mockRestore();
    }
  });
});
