import {
  BoundedTimeWindowReservoir,
  ExponentiallyDecayingReservoir,
  GoNoGo,
  Meter,
  Meterwork,
  SlidingTimeWindowReservoir,
  SlidingWindowReservoir,
  TaggedHistogram,
  Timer,
  UniformReservoir,
  getMeterworkData,
  type BoundedTimeWindowReservoirOptions,
  type ExponentiallyDecayingReservoirOptions,
  type GoNoGoAggregation,
  type GoNoGoOptions,
  type GoNoGoOutliersOption,
  type MeterOptions,
  type MeterworkOptions,
  type MeterworkView,
  type SlidingTimeWindowReservoirOptions,
  type SlidingWindowReservoirOptions,
  type TaggedHistogramOptions,
  type TimerOptions,
  type UniformReservoirOptions,
} from '@meterwork/core';
import { allMetrics, PullReader } from '../sdk/otel/helpers';

// Issue: users pass environment variables (`{ size: process.env.X ? Number(process.env.X) : undefined }`);
// an option given as `undefined` must mean "not given" (the default), never NaN, a throw or a lost view.

type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
/** Every optional option, explicitly `undefined`: a new option fails to compile here until it is listed. */
type AllUndefined<T> = { readonly [K in OptionalKeys<T>]-?: undefined };

describe('options given as undefined mean their defaults', () => {
  it('reservoirs keep their default sizes', () => {
    const uniform: AllUndefined<UniformReservoirOptions> = { size: undefined, random: undefined, clock: undefined };
    const sliding: AllUndefined<SlidingWindowReservoirOptions> = { size: undefined, clock: undefined };
    const decaying: AllUndefined<ExponentiallyDecayingReservoirOptions> = { size: undefined, alpha: undefined, clock: undefined, random: undefined };
    for (const reservoir of [new UniformReservoir(uniform), new SlidingWindowReservoir(sliding), new ExponentiallyDecayingReservoir(decaying)]) {
      for (let i = 0; i < 2000; i++) reservoir.update(i);
      expect(reservoir.snapshot().size).toBe(1028);
    }
    const timeWindow: AllUndefined<SlidingTimeWindowReservoirOptions> = { maxSamples: undefined, clock: undefined };
    const bounded: AllUndefined<BoundedTimeWindowReservoirOptions> = {
      subWindows: undefined,
      relativeError: undefined,
      maxBuckets: undefined,
      clock: undefined,
    };
    for (const reservoir of [
      new SlidingTimeWindowReservoir({ windowMillis: 60_000, ...timeWindow }),
      new BoundedTimeWindowReservoir({ windowMillis: 60_000, ...bounded }),
    ]) {
      reservoir.update(2);
      reservoir.update(4);
      expect(reservoir.snapshot().size).toBe(2);
      expect(reservoir.snapshot().mean).toBeCloseTo(3, 1);
    }
  });

  it('Meter, Timer, GoNoGo and TaggedHistogram work with every option undefined', () => {
    const meterOptions: AllUndefined<MeterOptions> = { clock: undefined };
    const meter = new Meter(meterOptions);
    meter.mark(2);
    expect(meter.count).toBe(2);

    const timerOptions: AllUndefined<TimerOptions> = { reservoir: undefined, clock: undefined };
    const timer = new Timer(timerOptions);
    timer.update(0.25);
    expect(timer.snapshot().size).toBe(1);

    const goNoGoOptions: AllUndefined<GoNoGoOptions> = { outliers: undefined, periodMillis: undefined, clock: undefined, wallClock: undefined };
    const goNoGo = new GoNoGo(goNoGoOptions);
    goNoGo.go(1);
    goNoGo.noGo(3);
    expect([goNoGo.snapshot().go.count, goNoGo.snapshot().noGo.count]).toEqual([1, 1]);

    const taggedOptions: AllUndefined<TaggedHistogramOptions> = { maxTagSets: undefined };
    const tagged = new TaggedHistogram(taggedOptions);
    for (let i = 0; i < 101; i++) tagged.increment({ host: `h${i}` });
    expect(tagged.snapshot().overflow).toBe(1); // default maxTagSets: 100
  });

  it('a Meterwork view with every optional key undefined selects by instrumentName and names the metric after it', async () => {
    const viewOptions: AllUndefined<MeterworkView> = {
      instrumentName: undefined,
      instrumentType: undefined,
      instrumentUnit: undefined,
      meterName: undefined,
      meterVersion: undefined,
      meterSchemaUrl: undefined,
      name: undefined,
      description: undefined,
      attributeKeys: undefined,
      aggregationCardinalityLimit: undefined,
      keepOtelAggregation: undefined,
    };
    const outliers: AllUndefined<GoNoGoOutliersOption> = { k: undefined, minSamples: undefined };
    const aggregationOptions: AllUndefined<GoNoGoAggregation> = { errorAttribute: undefined, outliers: undefined, periodMillis: undefined };
    const aggregation: GoNoGoAggregation = { type: 'go_no_go', ...aggregationOptions, outliers };
    const options: AllUndefined<MeterworkOptions> = { views: undefined, clock: undefined, onOutlier: undefined };
    const meterwork = new Meterwork({ ...options, views: [{ ...viewOptions, instrumentName: 'request.duration', aggregation }] });
    const reader = new PullReader();
    const provider = meterwork.createMeterProvider({ readers: [reader] });
    const histogram = provider.getMeter('app').createHistogram('request.duration');
    histogram.record(1);
    histogram.record(2, { 'error.type': 'timeout' }); // the default errorAttribute
    const data = allMetrics((await reader.collect()).resourceMetrics)
      .map((m) => getMeterworkData(m))
      .find((d) => d !== undefined);
    expect(data?.kind).toBe('go_no_go');
    expect(data?.descriptor.name).toBe('request.duration');
    const value = data?.kind === 'go_no_go' ? data.points[0]?.value : undefined;
    expect([value?.go.count, value?.noGo.count]).toEqual([1, 1]);
    await provider.shutdown();
  });
});
