import type { MeterworkView, ViewInstrumentType } from './types';

/** `*` any run of characters, `?` one; everything else literal; case-insensitive. */
export function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

interface CompiledView {
  readonly view: MeterworkView;
  readonly instrument: RegExp;
  readonly meter: RegExp | undefined;
}

/**
 * Finds the view for an instrument. The first matching view wins (views are
 * tried in the order given), so put specific views before broad ones.
 * Matching runs once per instrument creation, never on a record path.
 */
export class ViewMatcher {
  private readonly _compiled: CompiledView[];

  constructor(views: readonly MeterworkView[]) {
    this._compiled = views.map((view) => ({
      view,
      instrument: wildcardToRegExp(view.instrumentName),
      meter: view.meterName === undefined ? undefined : wildcardToRegExp(view.meterName),
    }));
  }

  match(meterName: string, instrumentName: string, instrumentType: ViewInstrumentType): MeterworkView | undefined {
    for (const c of this._compiled) {
      if (c.view.instrumentType !== undefined && c.view.instrumentType !== instrumentType) continue;
      if (c.meter !== undefined && !c.meter.test(meterName)) continue;
      if (c.instrument.test(instrumentName)) return c.view;
    }
    return undefined;
  }
}
