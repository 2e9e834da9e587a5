import { Meterwork } from '@meterwork/core';
import { ValueType } from '@opentelemetry/api';
import { emptyResource } from '@opentelemetry/resources';
import { AggregationTemporality, AggregationType, DataPointType, MeterProvider, type MetricData, type MetricProducer } from '@opentelemetry/sdk-metrics';
import { Registry } from 'prom-client';
import { PromClientBridgeReader } from '../../src/promclient/PromClientBridgeReader';
import { PrometheusPullReader } from '../../src/pull/PrometheusPullReader';

/** Sample lines as `name{sorted labels} value`, so both renderings compare regardless of label order. */
function samples(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.length === 0 || line.startsWith('#')) continue;
    const m = /^([^{ ]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparsable line ${line}`);
    const labels = (m[2] ?? '').match(/[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"/g) ?? [];
    out.push(`${m[1]}{${labels.sort().join(',')}} ${Number(m[3].replace('Nan', 'NaN'))}`);
  }
  return out.sort();
}

function types(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('# TYPE '))
    .sort();
}

describe('prom-client bridge vs serializer', () => {
  it('renders OTel and every meterwork kind with the same names, types, labels and values as our serializer', async () => {
    const escaped = (text: string) =>
      text.includes('_le="mine"') &&
      text.includes('_quantile="q"') &&
      text.includes('weird_key="a\\"b\\\\c\\nd"') &&
      text.includes('_window="w"') &&
      text.includes('_otel_metric_overflow="no"');
    const meterwork = new Meterwork({
      views: [
        { instrumentName: 'rpc.latency', aggregation: { type: 'uniform', quantiles: [0.5, 0.99] } },
        { instrumentName: 'rpc.timer', aggregation: { type: 'timer' } },
        { instrumentName: 'rpc.meter', aggregation: { type: 'meter' } },
        { instrumentName: 'rpc.tags', aggregation: { type: 'tagged_histogram' } },
        { instrumentName: 'rpc.checks', aggregation: { type: 'go_no_go' } },
      ],
    });
    const bridge = new PromClientBridgeReader({ metricProducers: [meterwork.producer], withScopeLabels: false, withTargetInfo: false });
    const pull = new PrometheusPullReader({ metricProducers: [meterwork.producer], withScopeLabels: false, withTargetInfo: false });
    const provider = meterwork.wrap(
      new MeterProvider({ readers: [bridge, pull], views: [{ instrumentName: 'plain.exp', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }] }),
    );
    const meter = provider.getMeter('app');
    meter.createCounter('plain.count').add(3, { a: 'x' });
    const hist = meter.createHistogram('plain.hist', { unit: 'ms', advice: { explicitBucketBoundaries: [1, 10] } });
    hist.record(5);
    // attributes clashing with labels we add, names to sanitise, values to escape
    hist.record(50, { le: 'mine' });
    // an exponential histogram becomes classic buckets in both, not dropped
    const exp = meter.createHistogram('plain.exp');
    for (const v of [0.5, 3, 3.5, 120]) exp.record(v);
    const latency = meter.createHistogram('rpc.latency', { unit: 's' });
    for (const v of [0.1, 0.2, 0.3, 0.4]) latency.record(v, { method: 'get' });
    latency.record(1, { quantile: 'q', 'weird.key': 'a"b\\c\nd' });
    meter.createHistogram('rpc.timer', { unit: 's' }).record(0.25);
    meter.createCounter('rpc.meter').add(4);
    meter.createCounter('rpc.meter').add(1, { window: 'w' });
    meter.createCounter('rpc.tags').add(1, { peer: 'a' });
    meter.createCounter('rpc.tags').add(2, { otel_metric_overflow: 'no' });
    const checks = meter.createHistogram('rpc.checks', { unit: 's' });
    checks.record(1);
    checks.record(2, { 'error.type': 'timeout' });

    const registry = new Registry();
    bridge.registerWith(registry);
    // one collection per reader; meterwork rates move with time, so compare everything else exactly
    const [ours, bridged] = await Promise.all([pull.collectText(), registry.metrics()]);
    expect(types(bridged)).toEqual(types(ours.body));
    expect(escaped(ours.body)).toBe(true);
    expect(escaped(bridged)).toBe(true);
    const noRates = (lines: string[]) => lines.filter((l) => !/_rate\{/.test(l));
    expect(noRates(samples(bridged))).toEqual(noRates(samples(ours.body)));
    expect(types(ours.body).length).toBeGreaterThanOrEqual(10);
    expect(bridged).toContain('# TYPE plain_exp histogram');
    expect(bridged).toMatch(/^plain_exp_count 4$/m);
    await provider.shutdown();
  });
  it('leaves out a histogram _sum that is not monotonic (negative observations or bounds) in both', async () => {
    const h = (boundaries: number[], counts: number[], min: number | undefined) => ({ buckets: { boundaries, counts }, count: 3, sum: 4, min });
    const metric: MetricData = {
      descriptor: { name: 'temp.change', unit: '', description: 'Change', valueType: ValueType.DOUBLE },
      dataPointType: DataPointType.HISTOGRAM,
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPoints: [
        { attributes: { kind: 'positive' }, startTime: [1, 0], endTime: [2, 0], value: h([1, 10], [1, 1, 1], 0.5) },
        { attributes: { kind: 'negative_value' }, startTime: [1, 0], endTime: [2, 0], value: h([1, 10], [2, 0, 1], -3) },
        { attributes: { kind: 'negative_bound' }, startTime: [1, 0], endTime: [2, 0], value: h([-5, 5], [0, 3, 0], undefined) },
      ],
    };
    const producer: MetricProducer = {
      collect: async () => ({ resourceMetrics: { resource: emptyResource(), scopeMetrics: [{ scope: { name: 's' }, metrics: [metric] }] }, errors: [] }),
    };
    const bridge = new PromClientBridgeReader({ metricProducers: [producer], withScopeLabels: false, withTargetInfo: false });
    const pull = new PrometheusPullReader({ metricProducers: [producer], withScopeLabels: false, withTargetInfo: false });
    const provider = new MeterProvider({ readers: [bridge, pull] });
    const registry = new Registry();
    bridge.registerWith(registry);
    const [ours, bridged] = await Promise.all([pull.collectText(), registry.metrics()]);
    expect(samples(bridged)).toEqual(samples(ours.body));
    expect(samples(bridged).filter((l) => l.startsWith('temp_change_sum'))).toEqual(['temp_change_sum{kind="positive"} 4']);
    await provider.shutdown();
  });
});
