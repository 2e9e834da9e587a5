import type { Clock } from '../../clock';
import type { GoNoGoOutlierEvent } from '../../primitives/gonogo/GoNoGo';
import { GoNoGo } from '../../primitives/gonogo/GoNoGo';
import { Meter } from '../../primitives/meter/Meter';
import { createReservoir, type ReservoirOptions } from '../../primitives/reservoir/createReservoir';
import { DEFAULT_MAX_SAMPLES_PER_INSTRUMENT, SampleBudget } from '../../primitives/reservoir/SampleBudget';
import { SlidingTimeWindowReservoir } from '../../primitives/reservoir/SlidingTimeWindowReservoir';
import type { Reservoir } from '../../primitives/reservoir/types';
import { Timer } from '../../primitives/timer/Timer';
import { DEFAULT_QUANTILES, type MeterworkAggregation, type ReservoirAggregation } from '../view/types';
import { GoNoGoCell, MeterCell, TimerCell } from './AggregationCells';
import { CountCell, SummaryCell } from './SummaryCell';
import type { Cell, CellKind, SyncInstrumentType } from './types';

/** Default error attribute of go/no-go: OTel semantic conventions' `error.type`. */
export const DEFAULT_ERROR_ATTRIBUTE = 'error.type';

export interface CellFactory {
  readonly kind: CellKind;
  readonly create: () => Cell;
  /** Attribute left out of the series key that classifies a measurement (go/no-go). */
  readonly flagKey?: string;
}

export interface CellFactoryContext {
  /** The instrument's (or view's) metric name, for diagnostics. */
  readonly name: string;
  /** Injected clock (tests); undefined: each aggregation's default. */
  readonly clock?: Clock;
  /** Called for each go/no-go outlier (out-of-band report). */
  readonly onOutlier?: (event: GoNoGoOutlierEvent) => void;
  /** The instrument the cells record for. */
  readonly instrumentType: SyncInstrumentType;
}

/** Sorted ascending and without duplicates, as `SummaryValue.quantiles` promises. */
function normalizeQuantiles(quantiles: readonly number[] | undefined): readonly number[] {
  return quantiles === undefined ? DEFAULT_QUANTILES : Array.from(new Set(quantiles)).sort((a, b) => a - b);
}

/**
 * How to make one series' reservoir under a view aggregation (an undefined
 * clock means each reservoir's default). Sliding time windows of one
 * instrument share one {@link SampleBudget}: `maxSamples` alone would let
 * 2,000 series x 100k values reach 3.2 GB.
 */
function reservoirFactory(agg: ReservoirAggregation, clock: Clock | undefined, name: string): () => Reservoir {
  if (agg.type === 'sliding_time_window') {
    const { quantiles: _q, maxSamplesPerInstrument, ...rest } = agg;
    const budget = new SampleBudget(maxSamplesPerInstrument ?? DEFAULT_MAX_SAMPLES_PER_INSTRUMENT, `meterwork: instrument "${name}"`);
    return () => new SlidingTimeWindowReservoir({ ...rest, clock }, budget);
  }
  const { quantiles: _q, ...rest } = agg;
  const options = { ...rest, clock } as ReservoirOptions;
  return () => createReservoir(options);
}

/** How to make a cell for each attribute set of an instrument under this aggregation. */
export function createCellFactory(agg: MeterworkAggregation, ctx: CellFactoryContext): CellFactory {
  const clock = ctx.clock;
  switch (agg.type) {
    case 'meter':
      return { kind: 'meter', create: () => new MeterCell(new Meter({ clock })) };
    case 'timer': {
      const res: ReservoirAggregation = agg.reservoir ?? { type: 'exponentially_decaying' };
      const quantiles = normalizeQuantiles(res.quantiles);
      const reservoir = reservoirFactory(res, clock, ctx.name);
      return { kind: 'timer', create: () => new TimerCell(new Timer({ reservoir: reservoir(), clock }), quantiles) };
    }
    case 'go_no_go': {
      // The callback is wired even when the view leaves `outliers` at its defaults.
      const outliers = { ...agg.outliers, onOutlier: ctx.onOutlier };
      return {
        kind: 'go_no_go',
        flagKey: agg.errorAttribute ?? DEFAULT_ERROR_ATTRIBUTE,
        create: () => new GoNoGoCell(new GoNoGo({ outliers, periodMillis: agg.periodMillis, clock, wallClock: clock })),
      };
    }
    case 'tagged_histogram': {
      // A counter's value is an increment; a histogram or gauge measurement is one event.
      const countEach = ctx.instrumentType === 'histogram' || ctx.instrumentType === 'gauge';
      return { kind: 'tagged_histogram', create: () => new CountCell(countEach) };
    }
    default: {
      const quantiles = normalizeQuantiles(agg.quantiles);
      const reservoir = reservoirFactory(agg, clock, ctx.name);
      return { kind: 'summary', create: () => new SummaryCell(reservoir(), quantiles) };
    }
  }
}
