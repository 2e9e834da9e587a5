import { ValueType } from '@opentelemetry/api';
import type { MeterworkMetricData, SummaryValue } from '@meterwork/core';
import { attachMeterworkData } from '@meterwork/core/internal';
import { PrometheusSerializer, type ExpositionFormat } from '../../src/index';
import { END, START, gauge, resourceMetrics, samples, sum } from './fixtures';

const summaryValue: SummaryValue = {
  count: 10,
  sum: 5.5,
  min: 0.1,
  max: 1.2,
  mean: 0.55,
  stdDev: 0.3,
  quantiles: [
    { quantile: 0.5, value: 0.5 },
    { quantile: 0.99, value: 1.1 },
  ],
  dropped: 0,
};
const rates = { count: 10, m1Rate: 0.5, m5Rate: 0.25, m15Rate: 0.125, meanRate: 1 };

function rich(data: MeterworkMetricData) {
  // The standard-encoded siblings (e.g. quantile gauges) must not be rendered.
  const a = attachMeterworkData(gauge(data.descriptor.name, [[{ sibling: 'yes' }, 99]]), data);
  const b = attachMeterworkData(sum(data.descriptor.name + '.count', [[{ sibling: 'yes' }, 98]]), data);
  return [a, b];
}

const descriptor = (name: string, unit: string) => ({ name, unit, description: `${name} help`, valueType: ValueType.DOUBLE });
const point = <V>(value: V) => ({ attributes: { route: '/a' }, startTime: START, endTime: END, value });
const SCOPE = 'otel_scope_name="mw"';

describe.each<ExpositionFormat>(['prometheus-text', 'openmetrics'])('meterwork rich data (%s)', (format) => {
  const om = format === 'openmetrics';
  const serializer = new PrometheusSerializer({ withTargetInfo: false });
  const render = (data: MeterworkMetricData) => serializer.serialize(resourceMetrics([{ name: 'mw', metrics: rich(data) }]), format);

  it('renders a reservoir as a real summary and skips the standard siblings', () => {
    const text = render({ kind: 'summary', descriptor: descriptor('payload.size', 'By'), points: [point(summaryValue)] });
    expect(text).toContain('# TYPE payload_size_bytes summary\n');
    expect(text).not.toContain('sibling');
    const expected = [
      `payload_size_bytes{route="/a",${SCOPE},quantile="0.5"} 0.5`,
      `payload_size_bytes{route="/a",${SCOPE},quantile="0.99"} 1.1`,
      `payload_size_bytes_sum{route="/a",${SCOPE}} 5.5`,
      `payload_size_bytes_count{route="/a",${SCOPE}} 10`,
    ];
    if (om) expected.push(`payload_size_bytes_created{route="/a",${SCOPE}} 1700000000.5`);
    expect(samples(text)).toEqual(expected);
  });

  it('renders a timer as a seconds summary plus rate gauges by window', () => {
    const text = render({ kind: 'timer', descriptor: descriptor('job.duration', 's'), points: [point({ ...summaryValue, rates })] });
    expect(text).toContain('# TYPE job_duration_seconds summary\n');
    expect(text).toContain('# TYPE job_duration_seconds_rate gauge\n');
    expect(samples(text)).toEqual(
      expect.arrayContaining([
        `job_duration_seconds_count{route="/a",${SCOPE}} 10`,
        `job_duration_seconds_rate{route="/a",${SCOPE},window="1m"} 0.5`,
        `job_duration_seconds_rate{route="/a",${SCOPE},window="5m"} 0.25`,
        `job_duration_seconds_rate{route="/a",${SCOPE},window="15m"} 0.125`,
        `job_duration_seconds_rate{route="/a",${SCOPE},window="mean"} 1`,
      ]),
    );
  });

  it('renders a meter as a counter plus rate gauges', () => {
    const text = render({ kind: 'meter', descriptor: descriptor('orders', '{order}'), points: [point(rates)] });
    expect(text).toContain(om ? '# TYPE orders counter\n' : '# TYPE orders_total counter\n');
    expect(samples(text)).toEqual(expect.arrayContaining([`orders_total{route="/a",${SCOPE}} 10`, `orders_rate{route="/a",${SCOPE},window="1m"} 0.5`]));
    expect(text.includes(`orders_created{route="/a",${SCOPE}} 1700000000.5`)).toBe(om);
  });

  it('renders go/no-go as outcome-labelled counters (counts) and gauges (period mean/min/max)', () => {
    const stats = (count: number, total: number) => ({ count, sum: total, periodCount: count, mean: count === 0 ? 0 : total / count, min: 1, max: 3 });
    const text = render({
      kind: 'go_no_go',
      descriptor: descriptor('checkout.latency', 'ms'),
      points: [point({ go: stats(8, 16), noGo: stats(2, 6), outliers: 1, periodStartMillis: 0, periodMillis: 60_000 })],
    });
    expect(text).toContain(om ? '# TYPE checkout_latency_milliseconds_outcomes counter\n' : '# TYPE checkout_latency_milliseconds_outcomes_total counter\n');
    expect(text.includes(`checkout_latency_milliseconds_outliers_created{route="/a",${SCOPE}} 1700000000.5`)).toBe(om);
    expect(samples(text).filter((l) => !l.includes('_created{'))).toEqual([
      `checkout_latency_milliseconds_outcomes_total{route="/a",${SCOPE},outcome="go"} 8`,
      `checkout_latency_milliseconds_outcomes_total{route="/a",${SCOPE},outcome="no_go"} 2`,
      `checkout_latency_milliseconds_mean{route="/a",${SCOPE},outcome="go"} 2`,
      `checkout_latency_milliseconds_mean{route="/a",${SCOPE},outcome="no_go"} 3`,
      `checkout_latency_milliseconds_min{route="/a",${SCOPE},outcome="go"} 1`,
      `checkout_latency_milliseconds_min{route="/a",${SCOPE},outcome="no_go"} 1`,
      `checkout_latency_milliseconds_max{route="/a",${SCOPE},outcome="go"} 3`,
      `checkout_latency_milliseconds_max{route="/a",${SCOPE},outcome="no_go"} 3`,
      `checkout_latency_milliseconds_outliers_total{route="/a",${SCOPE}} 1`,
    ]);
  });

  it('renders a tagged histogram as one counter series per tag set plus overflow', () => {
    const text = render({
      kind: 'tagged_histogram',
      descriptor: descriptor('errors', ''),
      points: [
        point({
          total: 7,
          overflow: 2,
          tagSets: [
            { tags: { code: 'E1' }, count: 3 },
            { tags: { code: 'E2', 'x.y': 'z' }, count: 2 },
          ],
        }),
      ],
    });
    const lines = samples(text).filter((l) => l.startsWith('errors_total'));
    expect(lines).toEqual([
      `errors_total{route="/a",code="E1",${SCOPE}} 3`,
      `errors_total{route="/a",code="E2",x_y="z",${SCOPE}} 2`,
      `errors_total{route="/a",${SCOPE},otel_metric_overflow="true"} 2`,
    ]);
  });
});
