import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { VALUE_MASK, VALUES, type BenchCase } from '../harness';

/** A reader that is never collected: the SDK must still aggregate every record. */
class IdleReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const provider = new MeterProvider({ readers: [new IdleReader()] });
const histogram = provider.getMeter('bench').createHistogram('bench.duration', { unit: 's' });
const ATTRS = [
  { 'http.request.method': 'GET', 'http.route': '/api/users', 'http.response.status_code': 200 },
  { 'http.request.method': 'POST', 'http.route': '/api/users', 'http.response.status_code': 201 },
  { 'http.request.method': 'GET', 'http.route': '/api/items', 'http.response.status_code': 200 },
  { 'http.request.method': 'GET', 'http.route': '/api/items', 'http.response.status_code': 404 },
];

export const cases: BenchCase[] = [
  {
    name: 'OTel Histogram.record (3 attributes)',
    group: 'windowed quantiles',
    fn: (i) => histogram.record(VALUES[i & VALUE_MASK], ATTRS[i & 3]),
    teardown: () => provider.shutdown(),
  },
];
