import type { SummaryValue } from '../data/types';
import type { Reservoir } from '../../primitives/reservoir/types';
import type { Snapshot } from '../../primitives/snapshot/types';
import type { Cell } from './types';

/** Reads a snapshot as a rich summary; `count`/`sum` are the cell's cumulative totals. */
export function readSummary(snapshot: Snapshot, count: number, sum: number, quantiles: readonly number[], includeSamples: boolean): SummaryValue {
  const empty = snapshot.size === 0;
  const value: {
    -readonly [K in keyof SummaryValue]: SummaryValue[K];
  } = {
    count,
    sum,
    min: empty ? 0 : snapshot.min,
    max: empty ? 0 : snapshot.max,
    mean: empty ? 0 : snapshot.mean,
    stdDev: empty ? 0 : snapshot.stdDev,
    // An empty window has no quantiles (reporting 0 would be a lie).
    quantiles: empty ? [] : quantiles.map((q) => ({ quantile: q, value: snapshot.quantile(q) })),
    dropped: snapshot.dropped,
  };
  if (includeSamples) {
    value.samples = snapshot.values();
    const weights = snapshot.weights?.();
    if (weights !== undefined) value.sampleWeights = weights;
  }
  return value;
}

/** A reservoir plus the cumulative count and sum of everything recorded. */
export class SummaryCell implements Cell<SummaryValue> {
  private _count = 0;
  private _sum = 0;

  constructor(
    private readonly _reservoir: Reservoir,
    private readonly _quantiles: readonly number[],
  ) {}

  record(value: number): void {
    this._count++;
    this._sum += value;
    this._reservoir.update(value);
  }

  read(includeSamples: boolean): SummaryValue {
    return readSummary(this._reservoir.snapshot(), this._count, this._sum, this._quantiles, includeSamples);
  }
}

/** Tagged histogram series: the sum of a counter's increments, or the number
 * of measurements of a histogram or gauge (`countEach`). */
export class CountCell implements Cell<number> {
  private _count = 0;

  constructor(private readonly _countEach = false) {}

  record(value: number): void {
    this._count += this._countEach ? 1 : value;
  }

  read(): number {
    return this._count;
  }
}
