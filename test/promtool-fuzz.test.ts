/**
 * `promtool check metrics` (Prometheus 2.42) on our Prometheus text 0.0.4
 * output. promtool only parses the text format (it fails on OpenMetrics'
 * `info` type), so the OpenMetrics output, including the same fuzz data, is
 * validated by a real Prometheus scrape in prometheus-scrape.test.ts.
 *
 * promtool exit codes: 0 clean, 1 parse error, 3 lint problems.
 */
import { MeterProvider, AggregationType, DataPointType, InstrumentType } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { Meterwork } from '@meterwork/core';
import { PrometheusPullReader, PrometheusSerializer } from '@meterwork/exporter-prometheus';
// Naming helpers are internal (not exported); the test checks the exposition against them.
import { toPrometheusName } from '../packages/exporter-prometheus/src/naming/metric-name';
import { sanitizeLabelName, sanitizeMetricName } from '../packages/exporter-prometheus/src/naming/sanitize';
import { unitToPrometheus } from '../packages/exporter-prometheus/src/naming/units';
import { CollectOnlyReader } from './helpers/otel';
import { describeWithBinaries, findBinary, runSync } from './helpers/process';
import { adversarialStrings } from '../packages/exporter-prometheus/test/serializer/fuzz-strings';
import { fuzzNamesMetrics, fuzzValuesMetrics } from '../packages/exporter-prometheus/test/serializer/fuzz-metrics';
import { RICH_VIEWS } from '../packages/exporter-prometheus/test/serializer/fixtures';

function promtool(text: string): { status: number | null; problems: string[] } {
  const r = runSync(findBinary('promtool')!, ['check', 'metrics'], text);
  const problems = (r.stdout + r.stderr).split('\n').filter((l) => l.trim().length > 0);
  return { status: r.status, problems };
}

/**
 * Name-style lints promtool (promlint) raises, each with the check it makes
 * (client_golang promlint): the fuzz names are the user's, and the OTel spec
 * keeps a metric or label name as given apart from replacing invalid
 * characters, so these lints are tolerated only when the user's own
 * (sanitised) name triggers them. A lint caused by anything we add (unit and
 * `_total` suffixes, scope/`le`/`quantile` labels, renamed keys) fails the test;
 * the one exception is a unit word the spec makes us write (`ms` ->
 * `milliseconds`, which promlint wants as seconds).
 */
const ABBREVIATIONS = ['s', 'ms', 'us', 'ns', 'sec', 'b', 'kb', 'mb', 'gb', 'tb', 'pb', 'm', 'h', 'd'];
const hasToken = (lower: string, token: string) => lower.includes('_' + token + '_') || lower.endsWith('_' + token);
const CAMEL = /[a-z][A-Z]/;

interface Origin {
  /** The user's name, sanitised, without anything we append. */
  readonly base: string;
  /** The unit word the spec derives from the instrument unit. */
  readonly unitWord: string;
  /** Label names from the user's attribute keys (sanitised). */
  readonly labelNames: readonly string[];
}

function nameStyleLintIsTheUsers(text: string, exposed: string, origin: Origin): boolean {
  const { base, unitWord, labelNames } = origin;
  if (text === "label names should be written in 'snake_case' not 'camelCase'") return labelNames.some((l) => CAMEL.test(l));
  if (text === "metric names should be written in 'snake_case' not 'camelCase'") return CAMEL.test(base);
  if (text === "metric names should not contain ':'") return base.includes(':');
  if (text === 'metric names should not contain abbreviated units') return ABBREVIATIONS.some((a) => hasToken(base.toLowerCase(), a));
  const typeInName = /^metric name should not include type '(\w+)'$/.exec(text);
  if (typeInName) return hasToken(base.toLowerCase(), typeInName[1]);
  const unitLint = /^use base unit "\w+" instead of "(\w+)"$/.exec(text);
  if (unitLint) return base.split('_').includes(unitLint[1]) || unitWord.split('_').includes(unitLint[1]);
  const suffix = /should not have "_(total|bucket|sum|count)" suffix$/.exec(text);
  if (suffix) return exposed === base && base.endsWith('_' + suffix[1]);
  return false;
}
describeWithBinaries(['promtool'])('promtool check metrics', () => {
  const serializer = new PrometheusSerializer();

  it('the fuzz set has at least 1,000 adversarial strings', () => {
    const strings = adversarialStrings();
    expect(new Set(strings).size).toBeGreaterThanOrEqual(1000);
    expect(strings).toEqual(expect.arrayContaining(['', '"', '\\', '\n', '__name__', '9lives', '\uD800']));
  }, 30_000);

  it('passes cleanly (exit 0) with every SDK data type, including exponential histograms', async () => {
    const reader = new CollectOnlyReader();
    const expReader = new CollectOnlyReader({
      aggregationSelector: (t) => (t === InstrumentType.HISTOGRAM ? { type: AggregationType.EXPONENTIAL_HISTOGRAM } : { type: AggregationType.DEFAULT }),
    });
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

  it('passes cleanly (exit 0) with meterwork rich data: summary, timer, meter, go/no-go, tagged histogram', async () => {
    const mw = new Meterwork({ views: RICH_VIEWS });
    const reader = new PrometheusPullReader({ port: 0, metricProducers: [mw.producer] });
    const provider = new MeterProvider({ readers: [reader], resource: resourceFromAttributes({ 'service.name': 'promtool-rich' }) });
    const meter = mw.wrap(provider).getMeter('app', '2.0');
    const job = meter.createHistogram('job.duration', { unit: 's', description: 'Job duration' });
    for (let i = 1; i <= 100; i++) job.record(i / 100, { queue: 'q1' });
    const db = meter.createHistogram('db.query', { unit: 's', description: 'Query time' });
    for (let i = 1; i <= 10; i++) db.record(i / 10);
    meter.createCounter('bytes.sent', { unit: 'By', description: 'Bytes sent' }).add(1500, { peer: 'a' });
    const checkout = meter.createHistogram('checkout', { unit: 's', description: 'Checkout' });
    checkout.record(0.1);
    checkout.record(2, { 'error.type': 'timeout' });
    const failures = meter.createCounter('conn.failures', { description: 'Failures' });
    failures.add(2, { reason: 'timeout' });
    failures.add(3, { reason: 'reset' });
    const { body } = await reader.collectText({ format: 'prometheus-text' });
    expect(body).toContain('# TYPE job_duration_seconds summary\n');
    expect(body).toContain('checkout_seconds_outcomes_total{');
    expect(body).toContain('otel_metric_overflow="true"');
    const result = promtool(body);
    expect(result.problems).toEqual([]);
    expect(result.status).toBe(0);
    await provider.shutdown();
  }, 30_000);

  it("parses (no exit 1) with fuzz strings as metric names, label keys and units; the only lints are ones the user's own names trigger", () => {
    const data = fuzzNamesMetrics();
    const text = serializer.serialize(data);
    const result = promtool(text);
    expect(result.status === 0 || result.status === 3).toBe(true);

    // exposed family name (text format) -> what the user gave us
    const origins = new Map<string, Origin[]>();
    const resourceLabels = Object.keys(data.resource.attributes).map(sanitizeLabelName);
    origins.set('target_info', [{ base: 'target_info', unitWord: '', labelNames: resourceLabels }]);
    for (const metric of data.scopeMetrics[0]!.metrics) {
      const { name, unit } = metric.descriptor;
      const counter = metric.dataPointType === DataPointType.SUM && metric.isMonotonic;
      const kind = counter ? 'counter' : metric.dataPointType === DataPointType.HISTOGRAM ? 'other' : 'gauge';
      const exposed = toPrometheusName(name, unit, kind);
      let base = sanitizeMetricName(name);
      if (counter && base.endsWith('_total') && base.length > 6) base = base.slice(0, -6);
      const labelNames = metric.dataPoints.flatMap((p) => Object.keys(p.attributes).map(sanitizeLabelName));
      const list = origins.get(exposed.name) ?? [];
      list.push({ base, unitWord: unitToPrometheus(unit, kind === 'gauge'), labelNames });
      origins.set(exposed.name, list);
    }
    const notTheUsers: string[] = [];
    for (const problem of result.problems) {
      const space = problem.indexOf(' ');
      const exposed = problem.slice(0, space);
      const lint = problem.slice(space + 1);
      const candidates = origins.get(exposed) ?? [];
      if (!candidates.some((origin) => nameStyleLintIsTheUsers(lint, exposed, origin))) notTheUsers.push(problem);
    }
    expect(notTheUsers).toEqual([]);
    // the attribution above is not vacuous: the fuzz names do trigger lints
    expect(result.problems.length).toBeGreaterThan(100);

    // and every sample line is well-formed by the exposition grammar
    for (const line of text.split('\n')) {
      if (line.length === 0 || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
      expect(line).toMatch(
        /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*\})? \S+$/,
      );
    }
  }, 30_000);
});
