import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { Meterwork } from '../../src/sdk/otel/Meterwork';
import { bindInstrument } from '../../src/sdk/otel/instruments';
import { IdleReader, VALUE_MASK, VALUES, type BenchCase } from '../harness';

/**
 * Recording through a wrapped OTel histogram (meterwork view) with 3
 * attributes, to compare with `otel.ts`'s OTel `Histogram.record`.
 */
const meterwork = new Meterwork({
  views: [
    { instrumentName: 'bench.sliding', aggregation: { type: 'sliding_window', size: 1028 } },
    { instrumentName: 'bench.bounded', aggregation: { type: 'bounded_time_window', windowMillis: 60_000 } },
  ],
});
const provider = new MeterProvider({ readers: [new IdleReader({ metricProducers: [meterwork.producer] })] });
const meter = meterwork.wrap(provider).getMeter('bench');
const sliding = meter.createHistogram('bench.sliding', { unit: 's' });
const bounded = meter.createHistogram('bench.bounded', { unit: 's' });

const ATTRS = [
  { 'http.request.method': 'GET', 'http.route': '/api/users', 'http.response.status_code': 200 },
  { 'http.request.method': 'POST', 'http.route': '/api/users', 'http.response.status_code': 201 },
  { 'http.request.method': 'GET', 'http.route': '/api/items', 'http.response.status_code': 200 },
  { 'http.request.method': 'GET', 'http.route': '/api/items', 'http.response.status_code': 404 },
];
const METHODS = ['GET', 'POST', 'GET', 'GET'];
const ROUTES = ['/api/users', '/api/users', '/api/items', '/api/items'];
const CODES = [200, 201, 200, 404];
const boundSliding = ATTRS.map((a) => bindInstrument(sliding, a));
const boundBounded = ATTRS.map((a) => bindInstrument(bounded, a));

const teardown = async (): Promise<void> => {
  await meterwork.shutdown();
  await provider.shutdown().catch(() => undefined);
};

export const cases: BenchCase[] = [
  {
    name: 'meterwork wrapped Histogram.record, sliding window (3 attributes)',
    group: 'windowed quantiles',
    fn: (i) => sliding.record(VALUES[i & VALUE_MASK], ATTRS[i & 3]),
  },
  {
    // A new attributes object per call, as most instrumented code does.
    name: 'meterwork wrapped Histogram.record, sliding window (3 attributes, fresh object)',
    group: 'windowed quantiles',
    fn: (i) =>
      sliding.record(VALUES[i & VALUE_MASK], {
        'http.request.method': METHODS[i & 3],
        'http.route': ROUTES[i & 3],
        'http.response.status_code': CODES[i & 3],
      }),
  },
  {
    name: 'meterwork wrapped Histogram.record, bounded time window (3 attributes)',
    group: 'windowed quantiles',
    fn: (i) => bounded.record(VALUES[i & VALUE_MASK], ATTRS[i & 3]),
  },
  {
    name: 'meterwork bound record, sliding window',
    group: 'windowed quantiles',
    fn: (i) => boundSliding[i & 3].record(VALUES[i & VALUE_MASK]),
  },
  {
    name: 'meterwork bound record, bounded time window',
    group: 'windowed quantiles',
    fn: (i) => boundBounded[i & 3].record(VALUES[i & VALUE_MASK]),
    teardown,
  },
];
