import {
  BoundedTimeWindowReservoir,
  createReservoir,
  ExponentiallyDecayingReservoir,
  SlidingTimeWindowReservoir,
  SlidingWindowReservoir,
  UniformReservoir,
  type Reservoir,
} from '@meterwork/core';
import { captureDiag, EDGE_VALUES, INVALID_VALUES, manualClock } from '../../util';

const factories: Array<[string, () => Reservoir]> = [
  // count-based reservoirs accept (and ignore) a clock, so every reservoir takes the same options
  ['uniform', () => new UniformReservoir({ size: 10, clock: manualClock(0) })],
  ['sliding_window', () => new SlidingWindowReservoir({ size: 10, clock: manualClock(0) })],
  ['sliding_time_window', () => new SlidingTimeWindowReservoir({ windowMillis: 1000, clock: manualClock(0) })],
  ['exponentially_decaying', () => new ExponentiallyDecayingReservoir({ size: 10, clock: manualClock(0) })],
  ['bounded_time_window', () => new BoundedTimeWindowReservoir({ windowMillis: 1000, clock: manualClock(0) })],
];

describe.each(factories)('%s reservoir', (_name, make) => {
  let captured: ReturnType<typeof captureDiag>;
  beforeEach(() => (captured = captureDiag()));
  afterEach(() => captured.restore());

  it('records 1 and -1 from the edge table and drops the rest with diag.warn', () => {
    const r = make();
    for (const v of EDGE_VALUES) r.update(v);
    const s = r.snapshot();
    expect(s.size).toBe(2);
    expect(s.min).toBe(-1);
    expect(s.max).toBe(1);
    expect(r.count).toBe(2);
    expect(captured.warn).toHaveBeenCalledTimes(1); // rate-limited: first drop warns
  });

  it('never throws on non-numbers', () => {
    const r = make();
    for (const v of INVALID_VALUES) expect(() => r.update(v as number)).not.toThrow();
    expect(r.snapshot().size).toBe(0);
  });

  it('rate-limits the warning in a hot loop of NaN', () => {
    const r = make();
    for (let i = 0; i < 100_000; i++) r.update(NaN);
    expect(captured.warn).toHaveBeenCalledTimes(11); // drop 1, then every 10,000th
  });

  it('an empty snapshot answers 0', () => {
    const s = make().snapshot();
    expect([s.size, s.min, s.max, s.mean, s.stdDev, s.quantile(0.99), s.dropped]).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('invalid options', () => {
  it.each<[string, () => unknown, RegExp]>([
    ['uniform size 0', () => new UniformReservoir({ size: 0 }), /"size"/],
    ['uniform size 1.5', () => new UniformReservoir({ size: 1.5 }), /"size"/],
    ['sliding size -1', () => new SlidingWindowReservoir({ size: -1 }), /"size"/],
    ['time window 0', () => new SlidingTimeWindowReservoir({ windowMillis: 0 }), /"windowMillis"/],
    ['time window missing', () => new SlidingTimeWindowReservoir({} as never), /"windowMillis"/],
    ['maxSamples 0', () => new SlidingTimeWindowReservoir({ windowMillis: 1, maxSamples: 0 }), /"maxSamples"/],
    ['alpha 0', () => new ExponentiallyDecayingReservoir({ alpha: 0 }), /"alpha"/],
    ['alpha NaN', () => new ExponentiallyDecayingReservoir({ alpha: NaN }), /"alpha"/],
    ['random not a function', () => new UniformReservoir({ random: 1 as never }), /"random"/],
    ['bounded window -5', () => new BoundedTimeWindowReservoir({ windowMillis: -5 }), /"windowMillis"/],
    ['bounded relativeError 1', () => new BoundedTimeWindowReservoir({ windowMillis: 5, relativeError: 1 }), /"relativeError"/],
    ['bounded subWindows 0', () => new BoundedTimeWindowReservoir({ windowMillis: 5, subWindows: 0 }), /"subWindows"/],
    ['unknown type', () => createReservoir({ type: 'nope' } as never), /"type"/],
  ])('%s throws naming the option', (_name, make, message) => {
    expect(make).toThrow(message);
  });
});

describe('createReservoir', () => {
  it.each<[Parameters<typeof createReservoir>[0], new (...args: never[]) => Reservoir]>([
    [{ type: 'uniform', size: 5 }, UniformReservoir],
    [{ type: 'sliding_window', size: 5 }, SlidingWindowReservoir],
    [{ type: 'sliding_time_window', windowMillis: 5 }, SlidingTimeWindowReservoir],
    [{ type: 'exponentially_decaying' }, ExponentiallyDecayingReservoir],
    [{ type: 'bounded_time_window', windowMillis: 5 }, BoundedTimeWindowReservoir],
  ])('builds %o', (options, cls) => {
    expect(createReservoir(options)).toBeInstanceOf(cls);
  });
});
