import { diag } from '@opentelemetry/api';
import { InvalidOptionError } from './options/errors';

/** Warn on the first dropped value and then once every this many per object. */
const WARN_EVERY = 10_000;

/**
 * Rate-limited `diag.warn` for values dropped on a record path: a hot loop of
 * NaN produces one warning per {@link WARN_EVERY} drops, not one per call.
 */
export class DropWarner {
  private dropped = 0;

  constructor(private readonly owner: string) {}

  drop(reason: string, value: unknown): void {
    const n = ++this.dropped;
    if (n === 1 || n % WARN_EVERY === 0) {
      diag.warn(`${this.owner}: dropped ${describe(value)}: ${reason} (${n} dropped so far)`);
    }
  }
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value);
  return typeof value;
}

/** Throws if `value` is given and is not a positive integer; returns it or `fallback`. */
export function positiveIntegerOption(owner: string, option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new InvalidOptionError(owner, option, 'must be a positive integer', value);
  }
  return value;
}

/** Throws if `value` is given and is not a finite number > 0; returns it or `fallback`. */
export function positiveNumberOption(owner: string, option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionError(owner, option, 'must be a finite number > 0', value);
  }
  return value;
}

/** Throws if `value` is given and is not a function. */
export function functionOption<F>(owner: string, option: string, value: F | undefined, fallback: F): F {
  if (value === undefined) return fallback;
  if (typeof value !== 'function') {
    throw new InvalidOptionError(owner, option, 'must be a function', value);
  }
  return value;
}

/** `value` as an http: or https: URL; throws {@link InvalidOptionError} naming `option` otherwise. */
export function httpUrlOption(owner: string, option: string, value: unknown): URL {
  let url: URL;
  try {
    url = new URL(value as string);
  } catch {
    throw new InvalidOptionError(owner, option, 'must be a valid URL', value);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidOptionError(owner, option, 'must be an http: or https: URL', value);
  return url;
}
