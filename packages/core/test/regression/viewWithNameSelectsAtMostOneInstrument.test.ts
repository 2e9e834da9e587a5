import { InvalidOptionError, Meterwork, getMeterworkData, type SummaryValue } from '@meterwork/core';
import { allMetrics, captureDiag, metricNamed, pointValue, setupProvider } from '../sdk/otel/helpers';

// Issue: `{ instrumentName: 'db.*', name: 'db' }` merged db.duration (s) and db.rows into one summary (p50 2500).
describe('a view with a name selects at most one instrument', () => {
  let diagCapture: ReturnType<typeof captureDiag>;
  beforeEach(() => {
    diagCapture = captureDiag();
  });
  afterEach(() => diagCapture.restore());

  it('rejects a named view whose instrumentName has wildcards, as the OTel SDK does', () => {
    const views = [{ instrumentName: 'db.*', name: 'db', aggregation: { type: 'uniform' as const } }];
    expect(() => new Meterwork({ views })).toThrow(InvalidOptionError);
    expect(() => new Meterwork({ views })).toThrow(
      'Meterwork: option "views[0].name" needs an instrumentName without wildcards (a named view selects at most one instrument per meter, as in OTel), got "db"',
    );
  });

  it("never merges a second instrument into a named metric: it stays the SDK's, with a diag naming view and instruments", async () => {
    const mw = new Meterwork({
      views: [
        { instrumentName: 'db.duration', name: 'db', aggregation: { type: 'sliding_window', size: 100, quantiles: [0.5] } },
        { instrumentName: 'db.rows', name: 'db', aggregation: { type: 'sliding_window', size: 100, quantiles: [0.5] } },
      ],
    });
    const { provider, collect } = setupProvider(mw.producer);
    const meter = mw.wrap(provider).getMeter('pg');
    const duration = meter.createHistogram('db.duration', { unit: 's' });
    const rows = meter.createHistogram('db.rows');
    for (const d of [0.01, 0.02, 0.03]) duration.record(d);
    for (const r of [1000, 2500, 5000]) rows.record(r);

    const rm = await collect();
    const db = metricNamed(rm, 'db');
    expect((getMeterworkData(db!)!.points[0]!.value as SummaryValue).count).toBe(3);
    expect(pointValue(rm, 'db', { quantile: 0.5 })).toBe(0.02);
    // db.rows keeps the SDK's default aggregation under its own name.
    expect(allMetrics(rm).map((m) => m.descriptor.name)).toContain('db.rows');
    expect(getMeterworkData(metricNamed(rm, 'db.rows')!)).toBeUndefined();

    const warnings = diagCapture.messages.filter((m) => m.includes('already aggregates'));
    expect(warnings).toEqual([
      'meterwork: view views[1] (instrumentName "db.rows", aggregation sliding_window) selects HISTOGRAM "db.rows" of meter "pg" as metric "db", ' +
        'which already aggregates HISTOGRAM "db.duration" (unit "s"): a metric aggregates one instrument (a named view selects at most one instrument, as in OTel); ' +
        '"db.rows" is left to the OTel SDK',
    ]);
  });

  it("the same instrument created twice shares its aggregation (OTel's identical-instrument rule), without a warning", async () => {
    const mw = new Meterwork({ views: [{ instrumentName: 'db.duration', name: 'db', aggregation: { type: 'uniform' } }] });
    const { provider, collect } = setupProvider(mw.producer);
    const meter = mw.wrap(provider).getMeter('pg');
    meter.createHistogram('db.duration', { unit: 's' }).record(1);
    meter.createHistogram('DB.duration', { unit: 's' }).record(2);
    expect(pointValue(await collect(), 'db.count')).toBe(2);
    expect(diagCapture.messages).toEqual([]);
  });
});

describe('warnings about a renamed instrument', () => {
  let diagCapture: ReturnType<typeof captureDiag>;
  beforeEach(() => {
    diagCapture = captureDiag();
  });
  afterEach(() => diagCapture.restore());

  it('name the instrument, not only the metric the view renamed it to', () => {
    const mw = new Meterwork({ views: [{ instrumentName: 'db.duration', name: 'db', aggregation: { type: 'uniform' } }] });
    const { provider } = setupProvider(mw.producer);
    mw.wrap(provider).getMeter('pg').createHistogram('db.duration').record(NaN);
    expect(diagCapture.messages).toEqual(['meterwork: instrument "db.duration" (metric "db"): dropped non-finite value NaN']);
  });
});
