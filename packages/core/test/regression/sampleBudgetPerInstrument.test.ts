/**
 * Issue 7, item 8: `maxSamples` bounded each sliding-time-window series, not
 * the instrument: 2,000 series x the default 100k samples could reach 3.2 GB.
 * All series of one instrument now share `maxSamplesPerInstrument` (default
 * 1,000,000, 16 MB): beyond it the recording series drops its oldest value,
 * counted in `dropped`, with a rate-limited diag naming the instrument.
 */
import { Meterwork, validateViews, type SummaryValue, getMeterworkData } from '@meterwork/core';
import { DEFAULT_MAX_SAMPLES_PER_INSTRUMENT } from '../../src/primitives/reservoir/SampleBudget';
import { captureDiag, metricNamed, setupProvider } from '../sdk/otel/helpers';
import { manualClock } from '../util';

function setup(maxSamplesPerInstrument?: number) {
  const clock = manualClock(1_000_000);
  const aggregation = {
    type: 'sliding_time_window' as const,
    windowMillis: 1000,
    maxSamples: 50,
    ...(maxSamplesPerInstrument === undefined ? {} : { maxSamplesPerInstrument }),
  };
  const mw = new Meterwork({ clock, views: [{ instrumentName: 'rpc.duration', aggregation }] });
  const s = setupProvider(mw.producer);
  const h = mw.wrap(s.provider).getMeter('m').createHistogram('rpc.duration');
  const read = async (): Promise<SummaryValue[]> => {
    const rm = await s.collect();
    return getMeterworkData(metricNamed(rm, 'rpc.duration.count')!)!.points.map((p) => p.value as SummaryValue);
  };
  return { clock, h, read };
}

describe('sample budget per instrument (issue 7 item 8)', () => {
  let diagCapture: ReturnType<typeof captureDiag>;
  beforeEach(() => (diagCapture = captureDiag()));
  afterEach(() => diagCapture.restore());

  it('bounds the values held by all series of an instrument together', async () => {
    const { h, read } = setup(100);
    // 10 series x 20 values = 200 values, each series under its own maxSamples (50).
    for (let v = 0; v < 20; v++) for (let s = 0; s < 10; s++) h.record(v, { s });
    const values = await read();
    // Nothing expired: what a window holds is what it took minus what it dropped.
    const sizes = values.map((v) => v.count - v.dropped);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(100);
    expect(values.reduce((n, v) => n + v.dropped, 0)).toBe(100);
    // Each series dropped its own oldest values: its max is still its newest.
    for (const v of values) expect(v.max).toBe(19);
    // count and sum stay exact (cumulative): the budget bounds only the window.
    for (const v of values) expect(v.count).toBe(20);
  });

  it('reports drops with a rate-limited diag that names the instrument and the option', () => {
    const { h } = setup(10);
    for (let v = 0; v < 30; v++) h.record(v, { s: v % 3 });
    const warnings = diagCapture.messages.filter((m) => m.includes('maxSamplesPerInstrument'));
    expect(warnings).toHaveLength(1); // first drop; then one per 10,000
    expect(warnings[0]).toContain('instrument "rpc.duration"');
    expect(warnings[0]).toContain('maxSamplesPerInstrument (10)');
  });

  it('gives the budget back as values expire', async () => {
    const { clock, h, read } = setup(100);
    for (let s = 0; s < 10; s++) for (let v = 0; v < 10; v++) h.record(v, { s });
    clock.advance(1000); // the window passes
    await read(); // each series trims on snapshot
    for (let s = 0; s < 10; s++) for (let v = 0; v < 10; v++) h.record(v, { s });
    const values = await read();
    expect(values.reduce((n, v) => n + v.dropped, 0)).toBe(0);
    expect(values.map((v) => v.count - v.dropped)).toEqual(Array(10).fill(20));
  });

  it('a series with nothing to give back drops the new value', async () => {
    const { h, read } = setup(5);
    for (let v = 0; v < 5; v++) h.record(v, { s: 'hot' });
    h.record(42, { s: 'cold' });
    const values = await read();
    const cold = values.find((v) => v.count === 1)!;
    expect(cold.dropped).toBe(1);
    expect(cold.quantiles).toEqual([]); // nothing held
  });

  it('has a documented default of 1,000,000 values and validates the option', () => {
    expect(DEFAULT_MAX_SAMPLES_PER_INSTRUMENT).toBe(1_000_000);
    expect(() => validateViews([{ instrumentName: 'x', aggregation: { type: 'sliding_time_window', windowMillis: 1, maxSamplesPerInstrument: 0 } }])).toThrow(
      'option "views[0].aggregation.maxSamplesPerInstrument" must be a positive integer, got 0',
    );
    expect(() =>
      validateViews([
        { instrumentName: 'x', aggregation: { type: 'timer', reservoir: { type: 'sliding_time_window', windowMillis: 1, maxSamplesPerInstrument: 5 } } },
      ]),
    ).not.toThrow();
  });
});
