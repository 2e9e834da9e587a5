import { InvalidOptionError } from '../../options/errors';
import { RESERVOIR_TYPES } from '../../primitives/reservoir/createReservoir';
import { AGGREGATION_INSTRUMENT_TYPES } from './instrumentFit';
import type { MeterworkAggregation, MeterworkView, ViewInstrumentType } from './types';
import { hasWildcard } from './ViewMatcher';

/** Known keys per object, so a typo in a config file fails loudly. */
const VIEW_KEYS = [
  'instrumentName',
  'instrumentType',
  'instrumentUnit',
  'meterName',
  'meterVersion',
  'meterSchemaUrl',
  'name',
  'description',
  'attributeKeys',
  'aggregationCardinalityLimit',
  'keepOtelAggregation',
  'aggregation',
];
/** OTel's selectors: a view must give at least one (sdk-metrics rejects a view without). */
const SELECTOR_KEYS = ['instrumentName', 'instrumentType', 'instrumentUnit', 'meterName', 'meterVersion', 'meterSchemaUrl'];
const INSTRUMENT_TYPES: readonly ViewInstrumentType[] = ['COUNTER', 'UP_DOWN_COUNTER', 'HISTOGRAM', 'GAUGE'];
const OBSERVABLE_TYPES = ['OBSERVABLE_COUNTER', 'OBSERVABLE_UP_DOWN_COUNTER', 'OBSERVABLE_GAUGE'];
const AGGREGATION_KEYS: Record<MeterworkAggregation['type'], string[]> = {
  sliding_time_window: ['type', 'windowMillis', 'maxSamples', 'maxSamplesPerInstrument', 'quantiles'],
  sliding_window: ['type', 'size', 'quantiles'],
  bounded_time_window: ['type', 'windowMillis', 'subWindows', 'relativeError', 'maxBuckets', 'quantiles'],
  uniform: ['type', 'size', 'quantiles'],
  exponentially_decaying: ['type', 'size', 'alpha', 'quantiles'],
  meter: ['type'],
  timer: ['type', 'reservoir'],
  go_no_go: ['type', 'errorAttribute', 'outliers', 'periodMillis'],
  tagged_histogram: ['type', 'maxTagSets'],
};
/** The aggregations a timer's `reservoir` may name: those `createReservoir` builds, listed in view order. */
const RESERVOIR_AGGREGATIONS = Object.keys(AGGREGATION_KEYS).filter((t) => (RESERVOIR_TYPES as readonly string[]).includes(t));

/** A rejected setting, thrown by the checks below and turned into an `InvalidOptionError` by its caller's owner. */
class RejectedOption {
  constructor(
    readonly path: string,
    readonly requirement: string,
    readonly value: [] | [unknown],
  ) {}
}

function fail(path: string, message: string): never {
  throw new RejectedOption(path, message, []);
}

/** `fail` with the value that was found. */
function failGot(path: string, message: string, value: unknown): never {
  throw new RejectedOption(path, message, [value]);
}

/** Runs `check`, reporting a rejected setting as `owner`'s `InvalidOptionError`. */
function asOptionError<T>(owner: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof RejectedOption) throw new InvalidOptionError(owner, err.path, err.requirement, ...err.value);
    throw err;
  }
}

/** `path.key`, or `key` at the top level (`path` empty). */
function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(obj: Record<string, unknown>, allowed: string[], path: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(join(path, key), `is not a known option (expected one of ${allowed.join(', ')})`);
  }
}

/** A non-empty array of non-empty strings without wildcards (OTel's `attribute_keys` lists). */
function keyList(value: unknown, path: string): void {
  if (!Array.isArray(value) || value.length === 0) failGot(path, 'must be a non-empty array of attribute keys', value);
  value.forEach((k, j) => {
    if (typeof k !== 'string' || k.length === 0) failGot(`${path}[${j}]`, 'must be a non-empty string', k);
    if (k.includes('*') || k.includes('?')) failGot(`${path}[${j}]`, 'must be an exact key (wildcards are not supported, as in sdk-node)', k);
  });
}

function optionalString(obj: Record<string, unknown>, key: string, path: string): void {
  const v = obj[key];
  if (v !== undefined && (typeof v !== 'string' || v.length === 0)) failGot(join(path, key), 'must be a non-empty string', v);
}

function positiveNumber(obj: Record<string, unknown>, key: string, path: string, required: boolean): void {
  const v = obj[key];
  if (v === undefined && !required) return;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) failGot(join(path, key), 'must be a positive number', v);
}

function positiveInteger(obj: Record<string, unknown>, key: string, path: string, required: boolean): void {
  const v = obj[key];
  if (v === undefined && !required) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) failGot(join(path, key), 'must be a positive integer', v);
}

/** Checks one aggregation as `owner`'s option; `path` '' names its fields at the top level (`outliers.k`). */
export function validateAggregation(agg: unknown, path: string, owner = 'Meterwork'): void {
  asOptionError(owner, () => checkAggregation(agg, path, false));
}

function checkAggregation(agg: unknown, path: string, reservoirOnly: boolean): void {
  if (!isObject(agg)) failGot(path, 'must be an object with a `type`', agg);
  const type = agg.type;
  const allowedTypes = reservoirOnly ? RESERVOIR_AGGREGATIONS : Object.keys(AGGREGATION_KEYS);
  if (typeof type !== 'string' || !allowedTypes.includes(type)) {
    failGot(join(path, 'type'), `must be one of ${allowedTypes.join(', ')}`, type);
  }
  checkKeys(agg, AGGREGATION_KEYS[type as MeterworkAggregation['type']], path);
  switch (type) {
    case 'sliding_time_window':
      positiveNumber(agg, 'windowMillis', path, true);
      positiveInteger(agg, 'maxSamples', path, false);
      positiveInteger(agg, 'maxSamplesPerInstrument', path, false);
      break;
    case 'bounded_time_window':
      positiveNumber(agg, 'windowMillis', path, true);
      positiveInteger(agg, 'subWindows', path, false);
      positiveInteger(agg, 'maxBuckets', path, false);
      if (agg.relativeError !== undefined && !(typeof agg.relativeError === 'number' && agg.relativeError > 0 && agg.relativeError < 1)) {
        failGot(join(path, 'relativeError'), 'must be a number in (0, 1)', agg.relativeError);
      }
      break;
    case 'sliding_window':
      positiveInteger(agg, 'size', path, true);
      break;
    case 'uniform':
      positiveInteger(agg, 'size', path, false);
      break;
    case 'exponentially_decaying':
      positiveInteger(agg, 'size', path, false);
      positiveNumber(agg, 'alpha', path, false);
      break;
    case 'timer':
      if (agg.reservoir !== undefined) checkAggregation(agg.reservoir, join(path, 'reservoir'), true);
      break;
    case 'go_no_go':
      optionalString(agg, 'errorAttribute', path);
      positiveNumber(agg, 'periodMillis', path, false);
      if (agg.outliers !== undefined) {
        const o = agg.outliers;
        if (!isObject(o)) failGot(join(path, 'outliers'), 'must be an object', o);
        checkKeys(o, ['k', 'minSamples'], join(path, 'outliers'));
        positiveNumber(o, 'k', join(path, 'outliers'), false);
        positiveInteger(o, 'minSamples', join(path, 'outliers'), false);
      }
      break;
    case 'tagged_histogram':
      positiveInteger(agg, 'maxTagSets', path, false);
      break;
    default:
      break;
  }
  if (agg.quantiles !== undefined) {
    const q = agg.quantiles;
    if (!Array.isArray(q) || q.length === 0) failGot(join(path, 'quantiles'), 'must be a non-empty array of numbers in [0, 1]', q);
    q.forEach((v, i) => {
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) failGot(`${join(path, 'quantiles')}[${i}]`, 'must be a number in [0, 1]', v);
    });
  }
}

/**
 * Checks views given as plain data (e.g. parsed from YAML) and returns them
 * typed. Throws an `InvalidOptionError` at the first problem, with its exact
 * path: `Meterwork: option "views[2].aggregation.windowMillis" must be a
 * positive number, got 0`.
 */
export function validateViews(views: unknown, path = 'views', owner = 'Meterwork'): MeterworkView[] {
  return asOptionError(owner, () => checkViews(views, path));
}

function checkViews(views: unknown, path: string): MeterworkView[] {
  if (!Array.isArray(views)) failGot(path, 'must be an array of views', views);
  views.forEach((view, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(view)) failGot(p, 'must be a view object', view);
    checkKeys(view, VIEW_KEYS, p);
    if (!SELECTOR_KEYS.some((k) => view[k] !== undefined)) {
      fail(p, `must select instruments with at least one of ${SELECTOR_KEYS.join(', ')} (as OTel requires)`);
    }
    for (const key of ['instrumentName', 'instrumentUnit', 'meterName', 'meterVersion', 'meterSchemaUrl', 'name']) {
      optionalString(view, key, p);
    }
    if (view.description !== undefined && typeof view.description !== 'string') failGot(`${p}.description`, 'must be a string', view.description);
    const type = view.instrumentType;
    if (type !== undefined && OBSERVABLE_TYPES.includes(type as string)) {
      failGot(`${p}.instrumentType`, `must be one of ${INSTRUMENT_TYPES.join(', ')} (observable instruments stay the OTel SDK's)`, type);
    }
    if (type !== undefined && !INSTRUMENT_TYPES.includes(type as ViewInstrumentType)) {
      failGot(`${p}.instrumentType`, `must be one of ${INSTRUMENT_TYPES.join(', ')}`, type);
    }
    // OTel's rule: a named view selects at most one instrument per meter.
    if (view.name !== undefined && (view.instrumentName === undefined || hasWildcard(view.instrumentName as string))) {
      failGot(`${p}.name`, 'needs an instrumentName without wildcards (a named view selects at most one instrument per meter, as in OTel)', view.name);
    }
    if (view.attributeKeys !== undefined) {
      const keys = view.attributeKeys;
      if (!isObject(keys)) failGot(`${p}.attributeKeys`, 'must be an object { included?, excluded? }', keys);
      checkKeys(keys, ['included', 'excluded'], `${p}.attributeKeys`);
      if (keys.included !== undefined) keyList(keys.included, `${p}.attributeKeys.included`);
      if (keys.excluded !== undefined) keyList(keys.excluded, `${p}.attributeKeys.excluded`);
    }
    positiveInteger(view, 'aggregationCardinalityLimit', p, false);
    if (view.keepOtelAggregation !== undefined && typeof view.keepOtelAggregation !== 'boolean') {
      failGot(`${p}.keepOtelAggregation`, 'must be a boolean', view.keepOtelAggregation);
    }
    if (view.aggregation === undefined) fail(`${p}.aggregation`, 'is required');
    checkAggregation(view.aggregation, `${p}.aggregation`, false);
    const aggType = (view.aggregation as MeterworkAggregation).type;
    const fits = AGGREGATION_INSTRUMENT_TYPES[aggType];
    if (type !== undefined && !fits.includes(type as ViewInstrumentType)) {
      failGot(`${p}.aggregation.type`, `must fit instrumentType ${String(type)} (${aggType} fits ${fits.join(', ')})`, aggType);
    }
  });
  return views as MeterworkView[];
}
