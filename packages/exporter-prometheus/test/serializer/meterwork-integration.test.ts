import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { Meterwork } from '@meterwork/core';
import { PrometheusPullReader, type ExpositionFormat } from '../../src/index';
import { RICH_VIEWS, samples } from './fixtures';

/** Rich data produced by @meterwork/core's real OTel integration, rendered natively. */
describe.each<ExpositionFormat>(['prometheus-text', 'openmetrics'])('Meterwork + PrometheusPullReader (%s)', (format) => {
  let provider: MeterProvider;
  let reader: PrometheusPullReader;

  beforeEach(() => {
    let now = 1_700_000_000_000;
    const mw = new Meterwork({
      clock: () => now,
      views: RICH_VIEWS,
    });
    reader = new PrometheusPullReader({ port: 0, metricProducers: [mw.producer], withTargetInfo: false });
    provider = new MeterProvider({ readers: [reader] });
    const meter = mw.wrap(provider).getMeter('app', '2.0');
    const job = meter.createHistogram('job.duration', { unit: 's', description: 'Job duration' });
    for (let i = 1; i <= 100; i++) job.record(i / 100, { queue: 'q1' });
    const db = meter.createHistogram('db.query', { unit: 's' });
    for (let i = 1; i <= 10; i++) db.record(i / 10);
    meter.createCounter('bytes.sent', { unit: 'By' }).add(1500, { peer: 'a' });
    const checkout = meter.createHistogram('checkout', { unit: 's' });
    checkout.record(0.1);
    checkout.record(0.3);
    checkout.record(2, { 'error.type': 'timeout' });
    const failures = meter.createCounter('conn.failures');
    failures.add(2, { reason: 'timeout' });
    failures.add(3, { reason: 'reset' });
    meter.createCounter('plain.counter').add(4);
    now += 5000;
  });

  afterEach(() => provider.shutdown());

  it('renders summaries, timers, meters, go/no-go and tagged histograms once, without their standard siblings', async () => {
    const { body } = await reader.collectText({ format });
    const lines = samples(body);
    const scope = 'otel_scope_name="app",otel_scope_version="2.0"';
    expect(body).toContain('# TYPE job_duration_seconds summary\n');
    expect(lines).toContain(`job_duration_seconds_count{queue="q1",${scope}} 100`);
    expect(lines.find((l) => l.startsWith(`job_duration_seconds{queue="q1",${scope},quantile="0.5"}`))).toBeDefined();
    expect(lines).toContain(`db_query_seconds_count{${scope}} 10`);
    expect(lines.find((l) => l.startsWith(`db_query_seconds_rate{${scope},window="1m"} `))).toBeDefined();
    expect(lines).toContain(`bytes_sent_total{peer="a",${scope}} 1500`);
    expect(lines).toContain(`checkout_seconds_outcomes_total{${scope},outcome="go"} 2`);
    expect(lines).toContain(`checkout_seconds_outcomes_total{${scope},outcome="no_go"} 1`);
    expect(lines).toContain(`conn_failures_total{reason="timeout",${scope}} 2`);
    expect(lines).toContain(`conn_failures_total{${scope},otel_metric_overflow="true"} 3`);
    expect(lines).toContain(`plain_counter_total{${scope}} 4`);
    // standard-encoded siblings (job.duration.count, checkout.count, bytes.sent.rate ...) are skipped
    expect(body).not.toMatch(/job_duration_count|checkout_count|bytes_sent_rate_bytes_per_second|otel_metric_overflow="true",otel_metric_overflow/);
    const typeLines = body.split('\n').filter((l) => l.startsWith('# TYPE '));
    expect(new Set(typeLines).size).toBe(typeLines.length);
  });
});
