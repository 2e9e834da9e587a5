import {
  BoundedTimeWindowReservoir,
  ExponentiallyDecayingReservoir,
  monotonicClock,
  SlidingTimeWindowReservoir,
  SlidingWindowReservoir,
  UniformReservoir,
  type Reservoir,
} from '../../src/index'; // the sources, not a possibly stale dist/
import { VALUE_MASK, VALUES, type BenchCase } from '../harness';

function reservoirCase(name: string, group: string, r: Reservoir): BenchCase {
  return { name, group, fn: (i) => r.update(VALUES[i & VALUE_MASK]) };
}

export const cases: BenchCase[] = [
  reservoirCase('UniformReservoir.update', 'reservoir update', new UniformReservoir()),
  reservoirCase('SlidingWindowReservoir.update', 'reservoir update', new SlidingWindowReservoir()),
  reservoirCase('ExponentiallyDecayingReservoir.update', 'reservoir update', new ExponentiallyDecayingReservoir()),
  reservoirCase('SlidingTimeWindowReservoir.update (60 s, maxSamples 100k)', 'windowed quantiles', new SlidingTimeWindowReservoir({ windowMillis: 60_000 })),
  reservoirCase(
    'BoundedTimeWindowReservoir.update (600 s / 5, 1 %)',
    'windowed quantiles',
    new BoundedTimeWindowReservoir({ windowMillis: 600_000, subWindows: 5 }),
  ),
  reservoirCase(
    'BoundedTimeWindowReservoir.update (monotonicClock per record)',
    'windowed quantiles',
    new BoundedTimeWindowReservoir({ windowMillis: 600_000, subWindows: 5, clock: monotonicClock }),
  ),
];
