import { diag, ValueType, type Attributes } from '@opentelemetry/api';
import type { MeterworkMetricData } from '@meterwork/core';
import { attachMeterworkData } from '@meterwork/core/internal';
import { AggregationTemporality, DataPointType, MeterProvider, type MetricData, type MetricProducer, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import type { ExportResult } from '@opentelemetry/core';
import { Registry } from 'prom-client';
import { PushgatewayExporter } from '../../src/pushgateway/PushgatewayExporter';
import { PromClientBridgeReader, type PromClientBridgeReaderOptions } from '../../src/promclient/PromClientBridgeReader';
import { PrometheusSerializer } from '../../src/serializer/serializer';
import { END, START, exponentialHistogram, gauge, histogram, resourceMetrics, sum } from '../serializer/fixtures';
import { fuzzNamesMetrics, fuzzValuesMetrics } from '../serializer/fuzz-metrics';

/**
 * Issue 7 item 2: the prom-client bridge and the serializer render one family
 * model, so `register.metrics()` shows the same families, series and values
 * as the text exposition: scope labels (two meters' `requests` counters are
 * two series), no placeholder 0 for go/no-go outcomes without values, and the
 * same renaming of colliding labels.
 */

/** Every non-empty line, sorted; prom-client writes NaN as `Nan` and puts blank lines between families. */
function lines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => (l.startsWith('#') ? l : l.replace(/ Nan$/, ' NaN')))
    .sort();
}

function rich(data: MeterworkMetricData): MetricData {
  return attachMeterworkData(
    { descriptor: data.descriptor, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.GAUGE, dataPoints: [] },
    data,
  );
}

function descriptor(name: string, unit = '', description = '') {
  return { name, unit, description, valueType: ValueType.DOUBLE };
}

function point<V>(attributes: Attributes, value: V) {
  return { attributes, startTime: START, endTime: END, value };
}

const RATES = { count: 7, m1Rate: 0.5, m5Rate: 0.25, m15Rate: 0.125, meanRate: NaN };
const SUMMARY = {
  count: 4,
  sum: 2.5,
  min: 0.1,
  max: 1.5,
  mean: 0.625,
  stdDev: 0.5,
  quantiles: [
    { quantile: 0.5, value: 0.45 },
    { quantile: 0.99, value: 1.5 },
  ],
  dropped: 0,
};
const STATS = (count: number, sum: number) =>
  count === 0 ? { count: 5, sum: 9, periodCount: 0 } : { count, sum, periodCount: count, mean: sum / count, min: 1, max: sum };

/** One metric of every kind (OTel and meterwork), with attributes that collide after sanitising or clash with labels we add. */
function everyKind(scope: string): MetricData[] {
  const clash = { 'a.b': 'x', 'a-b': 'y', le: 'mine', quantile: 'q', window: 'w', outcome: 'o', otel_scope_name: 'fake' };
  return [
    sum(
      'requests',
      [
        [{ route: '/' }, 3],
        [clash, 4],
      ],
      { description: 'Requests' },
    ),
    sum('queue.depth', [[{}, -2]], { monotonic: false, unit: '{item}' }),
    gauge(
      'cpu.utilization',
      [
        [{ cpu: '0' }, 0.5],
        [clash, NaN],
      ],
      { unit: '1' },
    ),
    histogram(
      'http.duration',
      [
        [{ route: '/' }, { buckets: { boundaries: [0.1, 1], counts: [1, 2, 3] }, count: 6, sum: 3.3, min: 0.01 }],
        [clash, { buckets: { boundaries: [-1, 1], counts: [1, 0, 0] }, count: 1, sum: -2, min: -2 }],
      ],
      { unit: 'ms' },
    ),
    exponentialHistogram(
      'payload.size',
      [
        [
          {},
          {
            count: 4,
            sum: 10,
            min: 0.5,
            max: 5,
            scale: 0,
            zeroCount: 1,
            positive: { offset: 0, bucketCounts: [1, 1, 1] },
            negative: { offset: 0, bucketCounts: [] },
          },
        ],
      ],
      { unit: 'kBy' },
    ),
    rich({ kind: 'summary', descriptor: descriptor('job.duration', 's', 'Job time'), points: [point({ job: 'a' }, SUMMARY), point(clash, SUMMARY)] }),
    rich({
      kind: 'timer',
      descriptor: descriptor('db.query', '', 'Queries'),
      points: [point({ db: 'main' }, { ...SUMMARY, rates: RATES }), point(clash, { ...SUMMARY, rates: RATES })],
    }),
    rich({ kind: 'meter', descriptor: descriptor('bytes.sent', 'By'), points: [point({ peer: 'x' }, RATES), point(clash, RATES)] }),
    rich({
      kind: 'go_no_go',
      descriptor: descriptor('checkout', 's', 'Checkouts'),
      points: [
        point({ shop: 'a' }, { go: STATS(3, 6), noGo: STATS(0, 0), outliers: 1, periodStartMillis: 0, periodMillis: 60_000 }),
        point(clash, { go: STATS(0, 0), noGo: STATS(2, 5), outliers: 0, periodStartMillis: 0, periodMillis: 60_000 }),
      ],
    }),
    rich({
      kind: 'tagged_histogram',
      descriptor: descriptor('conn.failures', '', 'Failures by tags'),
      points: [
        point(
          { pool: scope },
          {
            total: 6,
            overflow: 2,
            tagSets: [
              { tags: { reason: 'timeout' }, count: 3 },
              { tags: { 'reason.code': 'x', otel_metric_overflow: 'no' }, count: 1 },
            ],
          },
        ),
      ],
    }),
  ];
}

/** The bridge's `register.metrics()` for `data` (the provider carries its resource; a producer its scopes). */
async function bridgeText(data: ResourceMetrics, options: PromClientBridgeReaderOptions = {}): Promise<string> {
  const producer: MetricProducer = { collect: async () => ({ resourceMetrics: data, errors: [] }) };
  const bridge = new PromClientBridgeReader({ ...options, metricProducers: [producer] });
  const provider = new MeterProvider({ resource: data.resource, readers: [bridge] });
  const registry = new Registry();
  bridge.registerWith(registry);
  try {
    return await registry.metrics();
  } finally {
    await provider.shutdown();
  }
}

describe('regression: the prom-client bridge agrees with the serializer', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  const twoScopes = () =>
    resourceMetrics(
      [
        { name: 'shop', version: '1.2.0', metrics: everyKind('shop') },
        { name: 'billing', metrics: everyKind('billing') },
      ],
      { 'service.name': 'app', 'service.instance.id': 'i-1' },
    );

  it.each([
    ['defaults', {}],
    ['no scope labels, no target_info', { withScopeLabels: false, withTargetInfo: false }],
    ['no suffixes, resource constant labels', { withUnitSuffix: false, withTotalSuffix: false, withResourceConstantLabels: { include: ['service.name'] } }],
  ] as const)('every data kind in two scopes (%s): same families, series and values', async (_, options) => {
    const data = twoScopes();
    const text = new PrometheusSerializer(options).serialize(data);
    const bridged = await bridgeText(data, options);
    expect(lines(bridged)).toEqual(lines(text));
    expect(lines(text).length).toBeGreaterThan(100);
  });

  it("keeps the scope: two meters' `requests` counters are two series", async () => {
    const bridged = await bridgeText(twoScopes());
    expect(bridged).toContain('requests_total{route="/",otel_scope_name="shop",otel_scope_version="1.2.0"} 3');
    expect(bridged).toContain('requests_total{route="/",otel_scope_name="billing"} 3');
  });

  it('omits go/no-go mean/min/max of an outcome without values (no placeholder 0)', async () => {
    const bridged = await bridgeText(twoScopes());
    expect(bridged).toMatch(/^checkout_seconds_mean\{shop="a",otel_scope_name="shop",otel_scope_version="1\.2\.0",outcome="go"\} 2$/m);
    expect(bridged).not.toMatch(/^checkout_seconds_(mean|min|max)\{shop="a",.*outcome="no_go"/m);
    expect(bridged).toMatch(/^checkout_seconds_outcomes_total\{shop="a",.*outcome="no_go"\} 5$/m);
  });

  it('renames colliding labels the same way: merged in key order, clashes with our labels prefixed', async () => {
    const bridged = await bridgeText(twoScopes());
    expect(bridged).toContain('requests_total{a_b="y;x",_le="mine",_quantile="q",window="w",outcome="o",_otel_scope_name="fake",otel_scope_name="billing"} 4');
    expect(bridged).toMatch(/^db_query_seconds_rate\{.*_window="w".*window="1m"\} 0\.5$/m);
  });

  it.each([
    ['label values, HELP texts and resource attributes', fuzzValuesMetrics],
    ['metric names, label keys and units', fuzzNamesMetrics],
  ])(
    'the whole fuzz corpus (%s)',
    async (_, corpus) => {
      const data = corpus();
      const text = new PrometheusSerializer().serialize(data);
      const bridged = await bridgeText(data);
      expect(lines(bridged)).toEqual(lines(text));
      expect(lines(text).length).toBeGreaterThan(1000);
    },
    60_000,
  );

  it("a Pushgateway push carries the serializer's text (every kind, two scopes)", async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const data = twoScopes();
      const exporter = new PushgatewayExporter({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, job: 'agreement' });
      const result = await new Promise<ExportResult>((resolve) => exporter.export(data, resolve));
      expect(result.code).toBe(0);
      expect(bodies).toHaveLength(1);
      expect(lines(bodies[0])).toEqual(lines(new PrometheusSerializer().serialize(data)));
      expect(lines(bodies[0])).toEqual(lines(await bridgeText(data)));
      await exporter.shutdown();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 30_000);

  it.each([
    ['every kind, two scopes', () => twoScopes()],
    ['fuzz values', fuzzValuesMetrics],
    ['fuzz names', fuzzNamesMetrics],
  ])(
    'OpenMetrics carries the same series and values as text 0.0.4 (%s), plus only _created',
    (_, corpus) => {
      const data = corpus();
      const samples = (text: string) => lines(text).filter((l) => !l.startsWith('#'));
      const text = samples(new PrometheusSerializer().serialize(data, 'prometheus-text'));
      const withoutCreated = samples(new PrometheusSerializer({ withCreated: false }).serialize(data, 'openmetrics'));
      expect(withoutCreated).toEqual(text);
      const om = samples(new PrometheusSerializer().serialize(data, 'openmetrics'));
      expect(om.length).toBeGreaterThan(text.length);
      expect(om.filter((l) => !withoutCreated.includes(l)).every((l) => /^[^{ ]*_created[{ ]/.test(l))).toBe(true);
    },
    60_000,
  );
});
