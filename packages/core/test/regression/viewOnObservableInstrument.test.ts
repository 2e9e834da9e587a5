import { Meterwork, splitMeterworkMetrics } from '@meterwork/core';
import { allMetrics, captureDiag, pointValue, setupProvider } from '../sdk/otel/helpers';

// Issue: a view matching an observable instrument was silently ignored.
describe('a view matching an observable instrument', () => {
  let diagCapture: ReturnType<typeof captureDiag>;
  beforeEach(() => {
    diagCapture = captureDiag();
  });
  afterEach(() => diagCapture.restore());

  it('is reported once with a diag naming view and instrument; the SDK keeps aggregating it', async () => {
    const mw = new Meterwork({
      views: [
        { instrumentName: 'queue.*', aggregation: { type: 'uniform' } },
        { instrumentName: 'cpu.time', aggregation: { type: 'tagged_histogram' } },
      ],
    });
    const { provider, collect } = setupProvider(mw.producer);
    const meter = mw.wrap(provider).getMeter('worker');
    meter.createObservableGauge('queue.depth').addCallback((r) => r.observe(7));
    meter.createObservableGauge('queue.depth'); // the same instrument again
    meter.createObservableUpDownCounter('queue.workers').addCallback((r) => r.observe(3));
    meter.createObservableCounter('cpu.time').addCallback((r) => r.observe(11));
    meter.createObservableGauge('heap.used').addCallback((r) => r.observe(1)); // no view: no warning

    const rm = await collect();
    expect(pointValue(rm, 'queue.depth')).toBe(7);
    expect(pointValue(rm, 'queue.workers')).toBe(3);
    expect(pointValue(rm, 'cpu.time')).toBe(11);
    expect(splitMeterworkMetrics(allMetrics(rm)).meterwork).toEqual([]);
    const tail =
      ", but meterwork aggregates synchronous instruments only (an observable's callbacks run inside the SDK): the instrument keeps " +
      "the OTel SDK's aggregation (add instrumentType to the view to select synchronous instruments only)";
    expect(diagCapture.messages).toEqual([
      `meterwork: view views[0] (instrumentName "queue.*", aggregation uniform) matches OBSERVABLE_GAUGE "queue.depth" of meter "worker"${tail}`,
      `meterwork: view views[0] (instrumentName "queue.*", aggregation uniform) matches OBSERVABLE_UP_DOWN_COUNTER "queue.workers" of meter "worker"${tail}`,
      `meterwork: view views[1] (instrumentName "cpu.time", aggregation tagged_histogram) matches OBSERVABLE_COUNTER "cpu.time" of meter "worker"${tail}`,
    ]);
  });

  it('is not reported when the view selects synchronous instruments by instrumentType', async () => {
    const mw = new Meterwork({ views: [{ instrumentName: 'queue.*', instrumentType: 'HISTOGRAM', aggregation: { type: 'uniform' } }] });
    const { provider } = setupProvider(mw.producer);
    mw.wrap(provider).getMeter('worker').createObservableGauge('queue.depth');
    expect(diagCapture.messages).toEqual([]);
  });
});
