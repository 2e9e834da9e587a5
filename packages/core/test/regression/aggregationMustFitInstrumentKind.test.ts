import { AGGREGATION_INSTRUMENT_TYPES, InvalidOptionError, Meterwork, splitMeterworkMetrics, type MeterworkAggregation } from '@meterwork/core';
import type { Meter } from '@opentelemetry/api';
import { allMetrics, captureDiag, pointValue, setupProvider } from '../sdk/otel/helpers';

// Issue: a `meter` on an UpDownCounter silently dropped every decrement.
const AGGREGATIONS: MeterworkAggregation[] = [
  { type: 'sliding_time_window', windowMillis: 60_000 },
  { type: 'sliding_window', size: 10 },
  { type: 'bounded_time_window', windowMillis: 60_000 },
  { type: 'uniform' },
  { type: 'exponentially_decaying' },
  { type: 'meter' },
  { type: 'timer' },
  { type: 'go_no_go' },
  { type: 'tagged_histogram' },
];
const INSTRUMENTS = {
  COUNTER: (m: Meter) => m.createCounter('x').add(2),
  UP_DOWN_COUNTER: (m: Meter) => m.createUpDownCounter('x').add(2),
  HISTOGRAM: (m: Meter) => m.createHistogram('x').record(2),
  GAUGE: (m: Meter) => m.createGauge('x').record(2),
} as const;

describe('an aggregation must fit the instrument kind', () => {
  let diagCapture: ReturnType<typeof captureDiag>;
  beforeEach(() => {
    diagCapture = captureDiag();
  });
  afterEach(() => diagCapture.restore());

  it('the table covers every aggregation', () => {
    expect(Object.keys(AGGREGATION_INSTRUMENT_TYPES).sort()).toEqual(AGGREGATIONS.map((a) => a.type).sort());
    expect(AGGREGATION_INSTRUMENT_TYPES.meter).toEqual(['COUNTER']);
  });

  it('rejects at construction a view whose instrumentType the aggregation does not fit', () => {
    const views = [{ instrumentName: 'pool.size', instrumentType: 'UP_DOWN_COUNTER' as const, aggregation: { type: 'meter' as const } }];
    expect(() => new Meterwork({ views })).toThrow(InvalidOptionError);
    expect(() => new Meterwork({ views })).toThrow(
      'Meterwork: option "views[0].aggregation.type" must fit instrumentType UP_DOWN_COUNTER (meter fits COUNTER), got "meter"',
    );
  });

  it('a meter matching an UpDownCounter leaves it to the SDK (decrements kept), with a diag naming view and instrument', async () => {
    const mw = new Meterwork({ views: [{ instrumentName: 'pool.*', aggregation: { type: 'meter' } }] });
    const { provider, collect } = setupProvider(mw.producer);
    const meter = mw.wrap(provider).getMeter('db');
    const inUse = meter.createUpDownCounter('pool.in_use');
    inUse.add(5);
    inUse.add(-3);
    meter.createUpDownCounter('pool.in_use'); // the same instrument again: no second warning
    const rm = await collect();
    expect(pointValue(rm, 'pool.in_use')).toBe(2);
    expect(splitMeterworkMetrics(allMetrics(rm)).meterwork).toEqual([]);
    expect(diagCapture.messages).toEqual([
      'meterwork: view views[0] (instrumentName "pool.*", aggregation meter) does not fit UP_DOWN_COUNTER "pool.in_use" of meter "db": ' +
        'a meter aggregation fits COUNTER; the instrument is left to the OTel SDK (add instrumentType to the view)',
    ]);
  });

  describe.each(AGGREGATIONS.map((a) => [a.type, a] as const))('%s', (_type, aggregation) => {
    it.each(Object.keys(INSTRUMENTS) as Array<keyof typeof INSTRUMENTS>)(
      'on a %s: aggregated by meterwork if the table says so, else left to the SDK with a diag',
      async (kind) => {
        const mw = new Meterwork({ views: [{ instrumentName: 'x', aggregation }] });
        const { provider, collect } = setupProvider(mw.producer);
        INSTRUMENTS[kind](mw.wrap(provider).getMeter('m'));
        const { meterwork, plain } = splitMeterworkMetrics(allMetrics(await collect()));
        const fits = AGGREGATION_INSTRUMENT_TYPES[aggregation.type].includes(kind);
        expect([meterwork.length > 0, plain.length > 0]).toEqual([fits, !fits]);
        const warned = diagCapture.messages.some((m) => m.includes(`does not fit ${kind} "x" of meter "m"`));
        expect(warned).toBe(!fits);
      },
    );
  });
});
