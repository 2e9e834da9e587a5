import { InvalidOptionError } from '@meterwork/core';

/** Option checks shared by the readers, producers and the serializer; all throw {@link InvalidOptionError}. */

/** `value` when it is a finite number > 0, `fallback` when undefined. */
export function positiveNumberOption(owner: string, option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) throw new InvalidOptionError(owner, option, 'must be a positive number', value);
  return value;
}

/** `value` when it is an integer >= 1, `fallback` when undefined. */
export function positiveIntegerOption(owner: string, option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1)) throw new InvalidOptionError(owner, option, 'must be a positive integer', value);
  return value;
}

/** `value` when it is a boolean, `fallback` when undefined. */
export function booleanOption(owner: string, option: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidOptionError(owner, option, 'must be a boolean', value);
  return value;
}
