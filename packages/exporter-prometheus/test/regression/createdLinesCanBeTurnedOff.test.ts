import { InvalidOptionError } from '@meterwork/core';
import { PrometheusSerializer } from '../../src/serializer/serializer';
import { histogram, resourceMetrics, sum } from '../serializer/fixtures';

/**
 * Issue 7 item 10: OpenMetrics `_created` samples can be switched off:
 * Prometheus before 2.50 stores each as a series of its own.
 */
describe('regression: OpenMetrics _created lines can be turned off', () => {
  const data = resourceMetrics([
    {
      name: 's',
      metrics: [
        sum('requests', [[{ a: '1' }, 3]]),
        histogram('latency', [[{}, { buckets: { boundaries: [1], counts: [1, 1] }, count: 2, sum: 3, min: 0.5 }]], { unit: 's' }),
      ],
    },
  ]);

  it('writes them by default', () => {
    const om = new PrometheusSerializer({ withTargetInfo: false, withScopeLabels: false }).serialize(data, 'openmetrics');
    expect(om).toContain('requests_created{a="1"} 1700000000.5\n');
    expect(om).toContain('latency_seconds_created 1700000000.5\n');
  });

  it('withCreated: false leaves every _created line out and nothing else', () => {
    const on = new PrometheusSerializer({ withTargetInfo: false, withScopeLabels: false }).serialize(data, 'openmetrics');
    const off = new PrometheusSerializer({ withTargetInfo: false, withScopeLabels: false, withCreated: false }).serialize(data, 'openmetrics');
    expect(off).not.toContain('_created');
    expect(off.split('\n')).toEqual(on.split('\n').filter((l) => !l.includes('_created')));
  });

  it('rejects a non-boolean', () => {
    expect(() => new PrometheusSerializer({ withCreated: 'no' as never })).toThrow(InvalidOptionError);
    expect(() => new PrometheusSerializer({ withCreated: 'no' as never })).toThrow('PrometheusSerializer: option "withCreated" must be a boolean, got "no"');
  });
});
