import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { IdleReader, VALUE_MASK, VALUES, type BenchCase } from '../harness';

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
