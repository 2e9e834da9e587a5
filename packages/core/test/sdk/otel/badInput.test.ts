import type { Histogram } from '@opentelemetry/api';
import { Meterwork, OVERFLOW_ATTRIBUTES, bindInstrument, splitMeterworkMetrics } from '@meterwork/core';
import { allMetrics, build, captureDiag, metricNamed, pointValue } from './helpers';

describe('bad input', () => {
  let diagCapture: ReturnType<typeof captureDiag>;
  beforeEach(() => {
    diagCapture = captureDiag();
  });
  afterEach(() => diagCapture.restore());

  it('drops NaN/Infinity and negative counter or histogram values with a rate-limited diag warning, never throws', async () => {
    const { meter, collect } = build([
      { instrumentName: 'h', aggregation: { type: 'sliding_window', size: 10 } },
      { instrumentName: 'c', aggregation: { type: 'meter' } },
      { instrumentName: 'g', aggregation: { type: 'sliding_window', size: 10 } },
    ]);
    const h = meter.createHistogram('h');
    const c = meter.createCounter('c');
    const g = meter.createGauge('g');
    expect(() => {
      h.record(NaN);
      h.record(Infinity);
      h.record(-Infinity);
      h.record('3' as unknown as number);
      h.record(-1);
      c.add(-5);
      c.add(NaN);
      h.record(2, null as never); // treated as no attributes
      h.record(2, 'attrs' as never);
    }).not.toThrow();
    g.record(-3); // gauges take negative values
    c.add(2);
    const rm = await collect();
    expect(metricNamed(rm, 'h.count')!.dataPoints.map((p) => [p.attributes, p.value])).toEqual([[{}, 2]]);
    expect(pointValue(rm, 'c')).toBe(2);
    expect(pointValue(rm, 'g.min')).toBe(-3);
    const text = diagCapture.messages.join('\n');
    expect(text).toContain('instrument "h": dropped non-finite value NaN');
    expect(text).toContain('instrument "h": dropped negative value -1');
    expect(text).toContain('instrument "c": dropped negative value -5');
    // rate-limited: one non-finite warning for h despite four bad values
    expect(diagCapture.messages.filter((m) => m.includes('"h": dropped non-finite')).length).toBe(1);
  });

  it('warns with diag once the cardinality limit sends attribute sets to the overflow series', async () => {
    const { meter, collect } = build([{ instrumentName: 'x', aggregationCardinalityLimit: 2, aggregation: { type: 'meter' } }]);
    const c = meter.createCounter('x');
    c.add(1, { id: 1 });
    expect(diagCapture.messages.join('\n')).not.toContain('cardinality limit');
    for (let i = 2; i < 100; i++) c.add(1, { id: i });
    expect(pointValue(await collect(), 'x', OVERFLOW_ATTRIBUTES)).toBe(98);
    const warnings = diagCapture.messages.filter((m) => m.includes('cardinality limit'));
    expect(warnings).toEqual([
      'meterwork: instrument "x": cardinality limit (2 series) reached: measurements with new attribute sets go to the overflow series {"otel.metric.overflow": true}',
    ]);
  });

  it('drops negative durations of a timer from count and sum too', async () => {
    const { meter, collect } = build([{ instrumentName: 't', aggregation: { type: 'timer', reservoir: { type: 'sliding_window', size: 10 } } }]);
    const h = meter.createHistogram('t');
    h.record(2);
    h.record(-1);
    const rm = await collect();
    expect(pointValue(rm, 't.count')).toBe(1);
    expect(pointValue(rm, 't.sum')).toBe(2);
    expect(diagCapture.messages.join('\n')).toContain('instrument "t": dropped negative value -1');
  });

  it('leaves invalid instrument names to the SDK (which warns)', async () => {
    const { meter, collect } = build([{ instrumentName: '*', aggregation: { type: 'uniform' } }]);
    const h: Histogram = meter.createHistogram('1-invalid');
    h.record(1);
    const rm = await collect();
    // The SDK warns but keeps the instrument (its own aggregation): not ours.
    expect(splitMeterworkMetrics(allMetrics(rm)).meterwork).toEqual([]);
    expect(diagCapture.messages.join('\n')).toMatch(/Invalid metric name/i);
  });

  it('survives weird attribute values without throwing', async () => {
    const { meter, collect } = build([{ instrumentName: 'w', aggregation: { type: 'sliding_window', size: 10 } }]);
    const h = meter.createHistogram('w');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => {
      h.record(1, { big: 10n } as never);
      h.record(1, { obj: circular } as never);
      h.record(1, { [Symbol('s')]: 1, k: 'v' } as never);
      h.record(1, { k: 'v' });
      bindInstrument(h, { big: 1n } as never).record(1);
    }).not.toThrow();
    const rm = await collect();
    // invalid values are left out of the key: {big}, {obj} and bound {big} land in the {} series
    expect(metricNamed(rm, 'w.count')!.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [{}, 3],
      [{ k: 'v' }, 2],
    ]);
    expect(diagCapture.messages.join('\n')).toContain('instrument "w": ignored attribute "big": bigint is not a valid attribute value');
  });

  it('leaves a second instrument type of the same name to the SDK, with a warning naming both', async () => {
    const { meter, collect } = build([{ instrumentName: 'dup', aggregation: { type: 'uniform' } }]);
    meter.createHistogram('dup').record(1);
    meter.createGauge('dup').record(7);
    expect(diagCapture.messages.join('\n')).toContain('selects GAUGE "dup" of meter "test-lib" as metric "dup", which already aggregates HISTOGRAM "dup"');
    const { meterwork, plain } = splitMeterworkMetrics(allMetrics(await collect()));
    expect(meterwork.map((m) => m.descriptor.name)).toEqual(['dup']);
    expect(plain.map((m) => [m.descriptor.name, m.dataPoints[0]!.value])).toEqual([['dup', 7]]);
  });

  it('wrap rejects what is not a MeterProvider', () => {
    expect(() => new Meterwork().wrap({} as never)).toThrow('must be a MeterProvider');
  });
});
