/**
 * `promtool check metrics` (Prometheus 2.42) on our Prometheus text 0.0.4
 * output. promtool only parses the text format (it fails on OpenMetrics'
 * `info` type), so the OpenMetrics output, including the same fuzz data, is
 * validated by a real Prometheus scrape in prometheus-scrape.test.ts.
 *
 * promtool exit codes: 0 clean, 1 parse error, 3 lint problems.
 */
import { MeterProvider, MetricReader, AggregationType, InstrumentType } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { PrometheusSerializer } from '@meterwork/exporter-prometheus';
import { describeWithBinaries, findBinary, runSync } from './helpers/process';
import { adversarialStrings } from '../packages/exporter-prometheus/test/serializer/fuzz-strings';
import { fuzzNamesMetrics, fuzzValuesMetrics } from '../packages/exporter-prometheus/test/serializer/fuzz-metrics';

class TestReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

function promtool(text: string): { status: number | null; problems: string[] } {
  const r = runSync(findBinary('promtool')!, ['check', 'metrics'], text);
  const problems = (r.stdout + r.stderr).split('\n').filter((l) => l.trim().length > 0);
  return { status: r.status, problems };
}

/** Lints that only restate the style of names the user chose (camelCase, `ms`, colons, ...). */
const NAME_STYLE_LINTS = [
  "should be written in 'snake_case' not 'camelCase'",
  'should not contain abbreviated units',
  'use base unit',
  "should not contain ':'",
  'should not include type',
  'non-counter metrics should not have "_total" suffix',
  'should not have "_bucket" suffix',
  'should not have "_sum" suffix',
  'should not have "_count" suffix',
];

describeWithBinaries(['promtool'])('promtool check metrics', () => {
  const serializer = new PrometheusSerializer();

  it('the fuzz set has at least 1,000 adversarial strings', () => {
    const strings = adversarialStrings();
    expect(new Set(strings).size).toBeGreaterThanOrEqual(1000);
    expect(strings).toEqual(expect.arrayContaining(['', '"', '\\', '\n', '__name__', '9lives', '\uD800']));
  }, 30_000);

  it('passes cleanly (exit 0) with every SDK data type, including exponential histograms', async () => {
    const reader = new TestReader();
    const expReader = new TestReader({ aggregationSelector: (t) => (t === InstrumentType.HISTOGRAM ? { type: AggregationType.EXPONENTIAL_HISTOGRAM } : { type: AggregationType.DEFAULT }) });
    const provider = new MeterProvider({ readers: [reader, expReader], resource: resourceFromAttributes({ 'service.name': 'promtool', le: 'x' }) });
    const meter = provider.getMeter('scope', '1.0.0');
    meter.createCounter('http.requests', { unit: '{request}', description: 'Requests' }).add(3, { route: '/a', le: '5' });
    meter.createUpDownCounter('queue.depth', { description: 'Depth' }).add(-2);
    meter.createGauge('cpu.utilization', { unit: '1', description: 'CPU' }).record(0.5);
    const h = meter.createHistogram('http.server.duration', { unit: 's', description: 'Duration' });
    for (const v of [0.001, 0.2, 3, 70, -1]) h.record(v, { route: '/a' });
    for (const r of [reader, expReader]) {
      const text = serializer.serialize((await r.collect()).resourceMetrics);
      const result = promtool(text);
      expect(result.problems).toEqual([]);
      expect(result.status).toBe(0);
    }
    await provider.shutdown();
  }, 30_000);

  it('passes cleanly (exit 0) with fuzz strings as label values, HELP text, scope and resource values', () => {
    const text = serializer.serialize(fuzzValuesMetrics());
    expect(text.length).toBeGreaterThan(100_000);
    const result = promtool(text);
    expect(result.problems).toEqual([]);
    expect(result.status).toBe(0);
  }, 30_000);

  it('parses (no exit 1) with fuzz strings as metric names, label keys and units; only name-style lints remain', () => {
    const text = serializer.serialize(fuzzNamesMetrics());
    const result = promtool(text);
    expect(result.status === 0 || result.status === 3).toBe(true);
    const unexpected = result.problems.filter((p) => !NAME_STYLE_LINTS.some((lint) => p.includes(lint)));
    expect(unexpected).toEqual([]);
    // and every sample line is well-formed by the exposition grammar
    for (const line of text.split('\n')) {
      if (line.length === 0 || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
      expect(line).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*\})? \S+$/);
    }
  }, 30_000);
});
