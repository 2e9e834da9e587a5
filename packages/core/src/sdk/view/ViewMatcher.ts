import type { Scope } from '../storage/StorageRegistry';
import type { MeterworkView, ObservableInstrumentType, ViewInstrumentType } from './types';

/** `*` any run of characters, `?` one; everything else literal; case-insensitive. */
export function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

/** Whether an instrument name pattern can select more than one name. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** What a view is matched against: an instrument as it is created. */
export interface InstrumentIdentity {
  readonly scope: Scope;
  readonly name: string;
  readonly type: ViewInstrumentType | ObservableInstrumentType;
  /** The instrument's unit ('' when none was given, as in OTel). */
  readonly unit: string;
}

/** A matched view and its position in the `views` option (for messages: `views[2]`). */
export interface ViewMatch {
  readonly view: MeterworkView;
  readonly index: number;
}

interface CompiledView extends ViewMatch {
  readonly instrument: RegExp;
}

/**
 * Finds the view for an instrument, with OTel's selectors: the instrument
 * name by wildcard pattern (case-insensitive, as OTel instrument names are),
 * the type, the unit and the meter's name, version and schema URL exactly.
 * The first matching view wins (views are tried in the order given), so put
 * specific views before broad ones. Matching runs once per instrument
 * creation, never on a record path.
 */
export class ViewMatcher {
  private readonly _compiled: CompiledView[];

  constructor(views: readonly MeterworkView[]) {
    this._compiled = views.map((view, index) => ({
      view,
      index,
      instrument: wildcardToRegExp(view.instrumentName ?? '*'),
    }));
  }

  match(instrument: InstrumentIdentity): ViewMatch | undefined {
    const { scope } = instrument;
    for (const c of this._compiled) {
      const v = c.view;
      if (v.instrumentType !== undefined && v.instrumentType !== instrument.type) continue;
      if (v.instrumentUnit !== undefined && v.instrumentUnit !== instrument.unit) continue;
      if (v.meterName !== undefined && v.meterName !== scope.name) continue;
      if (v.meterVersion !== undefined && v.meterVersion !== scope.version) continue;
      if (v.meterSchemaUrl !== undefined && v.meterSchemaUrl !== scope.schemaUrl) continue;
      if (c.instrument.test(instrument.name)) return c;
    }
    return undefined;
  }
}
