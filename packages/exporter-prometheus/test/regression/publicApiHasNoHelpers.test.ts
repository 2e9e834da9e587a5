import * as api from '../../src/index';

/**
 * Issue 8: the package exports what users construct and configure and the
 * types they read; helpers (format negotiation, name sanitising, unit words,
 * Pushgateway paths) are internal and tested from their source files.
 */
describe('regression: the public API exports no helpers', () => {
  it('exports exactly the classes, functions and constants users need', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'ClusterPrimaryProducer',
        'ClusterWorkerReader',
        'OPENMETRICS_CONTENT_TYPE',
        'PROMETHEUS_TEXT_CONTENT_TYPE',
        'PROM_CLIENT_SCOPE_NAME',
        'PromClientBridgeReader',
        'PromClientProducer',
        'PrometheusPullReader',
        'PrometheusSerializer',
        'PushgatewayExporter',
        'serializeResourceMetrics',
      ].sort(),
    );
    for (const helper of [
      'negotiateFormat',
      'acceptsGzip',
      'sanitizeLabelName',
      'sanitizeMetricName',
      'groupingKeyPath',
      'toPrometheusName',
      'unitToPrometheus',
      'contentTypeOf',
    ]) {
      expect(api).not.toHaveProperty(helper);
    }
  });
});
