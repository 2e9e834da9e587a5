import { PrometheusSerializer } from '../../src/serializer/serializer';
import { PromClientBridgeReader } from '../../src/promclient/PromClientBridgeReader';
import { MeterProvider, type MetricProducer } from '@opentelemetry/sdk-metrics';
import { Registry } from 'prom-client';
import { CollectOnlyReader } from '../util';
import { resourceMetrics, sum } from '../serializer/fixtures';

/**
 * Issue 7 item 10: the instrumentation scope becomes `otel_scope_name`,
 * `otel_scope_version`, `otel_scope_schema_url` and `otel_scope_<attribute>`
 * labels (spec "Instrumentation Scope"). Scope attributes: the OTel JS API
 * takes none yet (sdk-metrics 2.x and 3.x scopes have no `attributes`); data
 * that carries them (hand-built, or a future SDK) gets them as labels.
 */
describe('regression: scope labels follow the OTel Prometheus compatibility spec', () => {
  it('adds otel_scope_schema_url from the meter', async () => {
    const reader = new CollectOnlyReader();
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('lib', '2.0.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' }).createCounter('calls').add(1);
    provider.getMeter('plain').createCounter('calls').add(2);
    const { resourceMetrics: data } = await reader.collect();
    const text = new PrometheusSerializer({ withTargetInfo: false }).serialize(data);
    expect(text).toContain('calls_total{otel_scope_name="lib",otel_scope_version="2.0.0",otel_scope_schema_url="https://opentelemetry.io/schemas/1.26.0"} 1\n');
    // an empty version or schema URL is the same series as an absent one in Prometheus: not written
    expect(text).toContain('calls_total{otel_scope_name="plain"} 2\n');
    await provider.shutdown();
  });

  it('adds scope attributes as otel_scope_<key> labels (sanitised; a point attribute of that name is renamed)', () => {
    const data = resourceMetrics([{ name: 'lib', metrics: [sum('calls', [[{ otel_scope_region: 'point', other: 'x' }, 1]])] }]);
    (data.scopeMetrics[0].scope as { attributes?: object }).attributes = { region: 'eu', 'team.name': 'core' };
    const text = new PrometheusSerializer({ withTargetInfo: false }).serialize(data);
    expect(text).toContain('calls_total{_otel_scope_region="point",other="x",otel_scope_name="lib",otel_scope_region="eu",otel_scope_team_name="core"} 1\n');
  });

  it('the prom-client bridge writes the same scope labels', async () => {
    const data = resourceMetrics([{ name: 'lib', metrics: [sum('calls', [[{}, 1]])] }]);
    (data.scopeMetrics[0] as { scope: object }).scope = { name: 'lib', version: '1', schemaUrl: 'https://s', attributes: { region: 'eu' } };
    const producer: MetricProducer = { collect: async () => ({ resourceMetrics: data, errors: [] }) };
    const bridge = new PromClientBridgeReader({ metricProducers: [producer], withTargetInfo: false });
    const provider = new MeterProvider({ readers: [bridge] });
    const registry = new Registry();
    bridge.registerWith(registry);
    expect(await registry.metrics()).toContain(
      'calls_total{otel_scope_name="lib",otel_scope_version="1",otel_scope_schema_url="https://s",otel_scope_region="eu"} 1',
    );
    await provider.shutdown();
  });

  it('withScopeLabels: false leaves all of them out', () => {
    const data = resourceMetrics([{ name: 'lib', version: '1', metrics: [sum('calls', [[{}, 1]])] }]);
    expect(new PrometheusSerializer({ withTargetInfo: false, withScopeLabels: false }).serialize(data)).toContain('\ncalls_total 1\n');
  });
});
