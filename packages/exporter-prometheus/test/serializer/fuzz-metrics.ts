import { ValueType } from '@opentelemetry/api';
import { attachMeterworkData } from '@meterwork/core/internal';
import type { MetricData, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { adversarialStrings } from './fuzz-strings';
import { END, START, gauge, histogram, resourceMetrics, sum } from './fixtures';

/**
 * Adversarial strings only in label values, HELP text and resource attribute
 * values; names stay clean. Every exposition of this must pass promtool with
 * exit code 0.
 */
export function fuzzValuesMetrics(strings = adversarialStrings()): ResourceMetrics {
  const metrics: MetricData[] = [];
  const values = strings.map((s, i) => [{ v: s, i: String(i) }, i] as [Record<string, string>, number]);
  metrics.push(gauge('fuzz.values', values, { description: 'label values from the fuzz set' }));
  metrics.push(sum('fuzz.requests', values, { description: 'counter with fuzz label values' }));
  metrics.push(
    histogram(
      'fuzz.latency',
      values.slice(0, 200).map(([a]) => [a, { buckets: { boundaries: [0.1, 1], counts: [1, 2, 3] }, count: 6, sum: 3.3, min: 0.01 }]),
      { unit: 's', description: 'histogram' },
    ),
  );
  const summary = gauge('fuzz.quantiles', [], {});
  attachMeterworkData(summary, {
    kind: 'summary',
    descriptor: { name: 'fuzz.quantiles', unit: 's', description: strings[5], valueType: ValueType.DOUBLE },
    points: values.slice(0, 200).map(([a]) => ({
      attributes: a,
      startTime: START,
      endTime: END,
      value: { count: 2, sum: 1, min: 0.5, max: 0.5, mean: 0.5, stdDev: 0, quantiles: [{ quantile: 0.5, value: 0.5 }], dropped: 0 },
    })),
  });
  metrics.push(summary);
  strings.forEach((s, i) => metrics.push(gauge(`fuzz.help.${i}`, [[{}, i]], { description: s })));
  const resource: Record<string, string> = { 'service.name': 'fuzz' };
  strings.slice(0, 50).forEach((s, i) => (resource[`res.attr${i}`] = s));
  return resourceMetrics([{ name: strings[3] + 'scope', version: strings[4], metrics }], resource);
}

const UNITS = ['', 's', 'ms', 'By', '1', '{x}', 'By/s', '%', 'weird unit/with"quote'];

/**
 * Adversarial strings as metric names, label keys and units: the serializer
 * must sanitise them into a parseable exposition (promtool may still lint
 * style, e.g. camelCase, which comes from the user's names).
 */
export function fuzzNamesMetrics(strings = adversarialStrings()): ResourceMetrics {
  const metrics: MetricData[] = [];
  const n = strings.length;
  for (let i = 0; i < n; i++) {
    const name = strings[i];
    const key = strings[(i + 1) % n];
    const key2 = strings[(i + 7) % n];
    const value = strings[(i + 2) % n];
    const unit = UNITS[i % UNITS.length];
    const attrs = { [key]: value, [key2]: 'second', 'a.b': 'x', 'a-b': 'y' };
    switch (i % 3) {
      case 0:
        metrics.push(gauge(name, [[attrs, i]], { unit, description: value }));
        break;
      case 1:
        metrics.push(sum(name, [[attrs, i]], { unit, description: value }));
        break;
      default:
        metrics.push(histogram(name, [[attrs, { buckets: { boundaries: [1], counts: [1, 1] }, count: 2, sum: 3, min: 0.5 }]], { unit, description: value }));
    }
  }
  const resource: Record<string, string> = {};
  strings.slice(0, 100).forEach((s, i) => (resource[s] = strings[(i + 3) % n]));
  return resourceMetrics([{ name: 'fuzz-names', metrics }], resource);
}
