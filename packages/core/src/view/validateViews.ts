import { RESERVOIR_TYPES } from '../reservoir/createReservoir';
import type { MeterworkAggregation, MeterworkView } from './types';

/** Known keys per object, so a typo in a config file fails loudly. */
const VIEW_KEYS = [
  'instrumentName', 'meterName', 'instrumentType', 'name', 'description',
  'attributeKeys', 'cardinalityLimit', 'keepOtelAggregation', 'aggregation',
];
const INSTRUMENT_TYPES = ['counter', 'histogram', 'up_down_counter', 'gauge'];
const AGGREGATION_KEYS: Record<MeterworkAggregation['type'], string[]> = {
  sliding_time_window: ['type', 'windowMillis', 'maxSamples', 'quantiles'],
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

function fail(path: string, message: string): never {
  throw new Error(`${path} ${message}`);
}

/** `fail` with the value that was found, as a config file would show it. */
function failGot(path: string, message: string, value: unknown): never {
  fail(path, `${message}, got ${shown(value)}`);
}

function shown(value: unknown): string {
  if (value === undefined || typeof value === 'number' || typeof value === 'bigint') return String(value);
  let s: string | undefined;
  try {
    s = JSON.stringify(value);
  } catch {
    s = undefined;
  }
  if (s === undefined) return typeof value;
  return s.length > 60 ? `${s.slice(0, 60)}...` : s;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(obj: Record<string, unknown>, allowed: string[], path: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(`${path}.${key}`, `is not a known option (expected one of ${allowed.join(', ')})`);
  }
}

function optionalString(obj: Record<string, unknown>, key: string, path: string): void {
  const v = obj[key];
  if (v !== undefined && (typeof v !== 'string' || v.length === 0)) failGot(`${path}.${key}`, 'must be a non-empty string', v);
}

function positiveNumber(obj: Record<string, unknown>, key: string, path: string, required: boolean): void {
  const v = obj[key];
  if (v === undefined && !required) return;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) failGot(`${path}.${key}`, 'must be a positive number', v);
}

function positiveInteger(obj: Record<string, unknown>, key: string, path: string, required: boolean): void {
  const v = obj[key];
  if (v === undefined && !required) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) failGot(`${path}.${key}`, 'must be a positive integer', v);
}

function validateAggregation(agg: unknown, path: string, reservoirOnly: boolean): void {
  if (!isObject(agg)) fail(path, 'must be an object with a `type`');
  const type = agg.type;
  const allowedTypes = reservoirOnly ? RESERVOIR_AGGREGATIONS : Object.keys(AGGREGATION_KEYS);
  if (typeof type !== 'string' || !allowedTypes.includes(type)) {
    failGot(`${path}.type`, `must be one of ${allowedTypes.join(', ')}`, type);
  }
  checkKeys(agg, AGGREGATION_KEYS[type as MeterworkAggregation['type']], path);
  switch (type) {
    case 'sliding_time_window':
      positiveNumber(agg, 'windowMillis', path, true);
      positiveInteger(agg, 'maxSamples', path, false);
      break;
    case 'bounded_time_window':
      positiveNumber(agg, 'windowMillis', path, true);
      positiveInteger(agg, 'subWindows', path, false);
      positiveInteger(agg, 'maxBuckets', path, false);
      if (agg.relativeError !== undefined && !(typeof agg.relativeError === 'number' && agg.relativeError > 0 && agg.relativeError < 1)) {
        failGot(`${path}.relativeError`, 'must be a number in (0, 1)', agg.relativeError);
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
      if (agg.reservoir !== undefined) validateAggregation(agg.reservoir, `${path}.reservoir`, true);
      break;
    case 'go_no_go':
      optionalString(agg, 'errorAttribute', path);
      positiveNumber(agg, 'periodMillis', path, false);
      if (agg.outliers !== undefined) {
        const o = agg.outliers;
        if (!isObject(o)) fail(`${path}.outliers`, 'must be an object');
        checkKeys(o, ['k', 'minSamples'], `${path}.outliers`);
        positiveNumber(o, 'k', `${path}.outliers`, false);
        positiveInteger(o, 'minSamples', `${path}.outliers`, false);
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
    if (!Array.isArray(q) || q.length === 0) fail(`${path}.quantiles`, 'must be a non-empty array of numbers in [0, 1]');
    q.forEach((v, i) => {
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) failGot(`${path}.quantiles[${i}]`, 'must be a number in [0, 1]', v);
    });
  }
}

/**
 * Checks views given as plain data (e.g. parsed from YAML) and returns them
 * typed. Throws at the first problem with its exact path, e.g.
 * `views[2].aggregation.windowMillis must be a positive number`.
 */
export function validateViews(views: unknown, path = 'views'): MeterworkView[] {
  if (!Array.isArray(views)) fail(path, 'must be an array');
  views.forEach((view, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(view)) fail(p, 'must be an object');
    checkKeys(view, VIEW_KEYS, p);
    if (typeof view.instrumentName !== 'string' || view.instrumentName.length === 0) {
      failGot(`${p}.instrumentName`, 'must be a non-empty string (`*` matches anything)', view.instrumentName);
    }
    optionalString(view, 'meterName', p);
    optionalString(view, 'name', p);
    if (view.description !== undefined && typeof view.description !== 'string') fail(`${p}.description`, 'must be a string');
    if (view.instrumentType !== undefined && !INSTRUMENT_TYPES.includes(view.instrumentType as string)) {
      failGot(`${p}.instrumentType`, `must be one of ${INSTRUMENT_TYPES.join(', ')}`, view.instrumentType);
    }
    if (view.attributeKeys !== undefined) {
      const keys = view.attributeKeys;
      if (!Array.isArray(keys)) fail(`${p}.attributeKeys`, 'must be an array of strings');
      keys.forEach((k, j) => {
        if (typeof k !== 'string' || k.length === 0) failGot(`${p}.attributeKeys[${j}]`, 'must be a non-empty string', k);
      });
    }
    positiveInteger(view, 'cardinalityLimit', p, false);
    if (view.keepOtelAggregation !== undefined && typeof view.keepOtelAggregation !== 'boolean') {
      failGot(`${p}.keepOtelAggregation`, 'must be a boolean', view.keepOtelAggregation);
    }
    if (view.aggregation === undefined) fail(`${p}.aggregation`, 'is required');
    validateAggregation(view.aggregation, `${p}.aggregation`, false);
  });
  return views as MeterworkView[];
}
