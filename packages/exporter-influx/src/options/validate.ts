import { InvalidOptionError } from '@meterwork/core';

/** The owner named in option errors: `InfluxMetricExporter: option "batchLines" must be ...`. */
export const OWNER = 'InfluxMetricExporter';

/** Throws the one option error of meterwork, naming `option` (a dotted path). */
export function invalid(owner: string, option: string, requirement: string, ...value: [] | [unknown]): never {
  throw new InvalidOptionError(owner, option, requirement, ...value);
}

/** `value` if it is a positive integer, `fallback` if undefined; throws otherwise. */
export function positiveInteger(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) invalid(OWNER, option, 'must be a positive integer', value);
  return value;
}
