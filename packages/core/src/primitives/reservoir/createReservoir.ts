import { InvalidOptionError } from '../../options/errors';
import { BoundedTimeWindowReservoir, type BoundedTimeWindowReservoirOptions } from './BoundedTimeWindowReservoir';
import { ExponentiallyDecayingReservoir, type ExponentiallyDecayingReservoirOptions } from './ExponentiallyDecayingReservoir';
import { SlidingTimeWindowReservoir, type SlidingTimeWindowReservoirOptions } from './SlidingTimeWindowReservoir';
import { SlidingWindowReservoir, type SlidingWindowReservoirOptions } from './SlidingWindowReservoir';
import { UniformReservoir, type UniformReservoirOptions } from './UniformReservoir';
import type { Reservoir } from './types';

/** Plain-data reservoir choice (maps 1:1 to a config file). */
export type ReservoirOptions =
  | ({ type: 'uniform' } & UniformReservoirOptions)
  | ({ type: 'sliding_window' } & SlidingWindowReservoirOptions)
  | ({ type: 'sliding_time_window' } & SlidingTimeWindowReservoirOptions)
  | ({ type: 'exponentially_decaying' } & ExponentiallyDecayingReservoirOptions)
  | ({ type: 'bounded_time_window' } & BoundedTimeWindowReservoirOptions);

/** The reservoir types `createReservoir` knows. */
export const RESERVOIR_TYPES: ReadonlyArray<ReservoirOptions['type']> = [
  'uniform',
  'sliding_window',
  'sliding_time_window',
  'exponentially_decaying',
  'bounded_time_window',
];

/** Builds a reservoir from plain options; throws on an unknown `type` or an invalid option. */
export function createReservoir(options: ReservoirOptions): Reservoir {
  switch (options?.type) {
    case 'uniform':
      return new UniformReservoir(options);
    case 'sliding_window':
      return new SlidingWindowReservoir(options);
    case 'sliding_time_window':
      return new SlidingTimeWindowReservoir(options);
    case 'exponentially_decaying':
      return new ExponentiallyDecayingReservoir(options);
    case 'bounded_time_window':
      return new BoundedTimeWindowReservoir(options);
    default:
      throw new InvalidOptionError(
        'createReservoir',
        'type',
        `must be one of ${RESERVOIR_TYPES.join(', ')}`,
        (options as { type?: unknown } | undefined)?.type,
      );
  }
}
