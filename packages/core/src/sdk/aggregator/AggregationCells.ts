import type { GoNoGoValue, MeterValue, TimerValue } from '../data/types';
import { type GoNoGo } from '../../primitives/gonogo/GoNoGo';
import { type Meter } from '../../primitives/meter/Meter';
import { type Timer } from '../../primitives/timer/Timer';
import { readSummary } from './SummaryCell';
import type { Cell } from './types';

/** EWMA meter: a measurement marks `value` events. */
export class MeterCell implements Cell<MeterValue> {
  constructor(private readonly _meter: Meter) {}

  record(value: number): void {
    this._meter.mark(value);
  }

  read(): MeterValue {
    return this._meter.snapshot();
  }
}

/** Timer: durations (in the instrument's unit, seconds by convention) and their rate. */
export class TimerCell implements Cell<TimerValue> {
  /** The timer counts its events itself; it keeps no sum. */
  private _sum = 0;

  constructor(
    private readonly _timer: Timer,
    private readonly _quantiles: readonly number[],
  ) {}

  record(value: number): void {
    this._timer.update(value); // drops (and warns about) a negative duration
    if (value < 0) return;
    this._sum += value;
  }

  read(includeSamples: boolean): TimerValue {
    const summary = readSummary(this._timer.snapshot(), this._timer.count, this._sum, this._quantiles, includeSamples);
    return { ...summary, rates: this._timer.rates() };
  }
}

/** Go/no-go: no-go when the measurement carried the error attribute (`flagged`). */
export class GoNoGoCell implements Cell<GoNoGoValue> {
  constructor(private readonly _goNoGo: GoNoGo) {}

  record(value: number, flagged: boolean): void {
    if (flagged) this._goNoGo.noGo(value);
    else this._goNoGo.go(value);
  }

  read(): GoNoGoValue {
    return this._goNoGo.snapshot();
  }
}
