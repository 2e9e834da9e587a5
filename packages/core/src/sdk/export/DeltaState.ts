import type { Attributes, HrTime } from '@opentelemetry/api';
import type { MeterworkDataPoint, MeterworkMetricData } from '../data/types';
import { kindOfData } from '../kind/kinds';

interface Previous {
  readonly value: unknown;
  readonly endTime: HrTime;
}

/**
 * Key of a series between collections: the series table hands out the same
 * frozen attributes object for a series at every collection, so identity is
 * enough; a point without attributes (a tagged histogram's) shares one key.
 */
const NO_ATTRIBUTES = {};
function seriesKey(attributes: Attributes): object {
  for (const _ in attributes) return attributes;
  return NO_ATTRIBUTES;
}

/**
 * What one delta producer saw at its previous collection, per instrument and
 * series, to turn our cumulative values into deltas with the kind's `diff`.
 * Bounded: each collection replaces the state, so series and instruments
 * that are not collected any more are forgotten.
 */
export class DeltaState {
  private _previous = new Map<object, Map<object, Previous>>();
  private _next = new Map<object, Map<object, Previous>>();

  /**
   * The delta form of `data` (cumulative values of `instrument`): counts and
   * sums since this producer's previous collection, which becomes the
   * points' `startTime`; a series seen for the first time keeps its own
   * start time and its whole value.
   */
  delta<D extends MeterworkMetricData>(instrument: object, data: D): D {
    const kind = kindOfData(data);
    const before = this._previous.get(instrument);
    const seen = new Map<object, Previous>();
    this._next.set(instrument, seen);
    const points = (data.points as ReadonlyArray<MeterworkDataPoint<unknown>>).map((p) => {
      const key = seriesKey(p.attributes);
      seen.set(key, { value: p.value, endTime: p.endTime });
      const previous = before?.get(key);
      if (previous === undefined) return p;
      return { attributes: p.attributes, startTime: previous.endTime, endTime: p.endTime, value: kind.diff(previous.value, p.value) };
    });
    return { ...data, points, temporality: 'delta' };
  }

  /** Ends a collection: what was seen in it is the next one's previous state. */
  commit(): void {
    this._previous = this._next;
    this._next = new Map();
  }
}
