import { InvalidOptionError } from './errors';

/**
 * Retry policy, one shape for every meterwork exporter (Pushgateway, InfluxDB,
 * the Tor transport). A failed request (network error, timeout, 5xx, 429) is
 * retried after an exponential delay with "equal jitter" (half fixed, half
 * random, so that processes restarted together spread out), or after the
 * server's `Retry-After` when it sends one.
 */
export interface RetryOptions {
  /** Retries after the first attempt; `Infinity` retries until shutdown (lines stay in the buffer). @default per exporter (Pushgateway 3, InfluxDB Infinity) */
  readonly maxRetries?: number | undefined;
  /** Delay before the first retry; doubled for each further one. @default per exporter (Pushgateway 500, InfluxDB 1000) */
  readonly initialDelayMillis?: number | undefined;
  /** Upper bound of the exponential delay. @default per exporter (Pushgateway 5000, InfluxDB 30000) */
  readonly maxDelayMillis?: number | undefined;
  /** Upper bound for a server's `Retry-After`. @default 300000 */
  readonly maxRetryAfterMillis?: number | undefined;
}

export type ResolvedRetryOptions = { readonly [K in keyof RetryOptions]-?: number };

/** Validated retry options with the exporter's defaults filled in; throws {@link InvalidOptionError}. */
export function resolveRetryOptions(owner: string, option: string, options: RetryOptions | undefined, defaults: ResolvedRetryOptions): ResolvedRetryOptions {
  if (options !== undefined && (options === null || typeof options !== 'object')) throw new InvalidOptionError(owner, option, 'must be an object', options);
  const o = options ?? {};
  const maxRetries = o.maxRetries ?? defaults.maxRetries;
  if (typeof maxRetries !== 'number' || !(maxRetries === Infinity || (Number.isInteger(maxRetries) && maxRetries >= 0))) {
    throw new InvalidOptionError(owner, option + '.maxRetries', 'must be a non-negative integer or Infinity', maxRetries);
  }
  const delay = (key: 'initialDelayMillis' | 'maxDelayMillis' | 'maxRetryAfterMillis'): number => {
    const value = o[key] ?? defaults[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw new InvalidOptionError(owner, `${option}.${key}`, 'must be a finite number >= 0', value);
    return value;
  };
  const initialDelayMillis = delay('initialDelayMillis');
  const maxDelayMillis = delay('maxDelayMillis');
  if (maxDelayMillis < initialDelayMillis)
    throw new InvalidOptionError(owner, option + '.maxDelayMillis', `must be >= initialDelayMillis (${initialDelayMillis})`, maxDelayMillis);
  return { maxRetries, initialDelayMillis, maxDelayMillis, maxRetryAfterMillis: delay('maxRetryAfterMillis') };
}

/** `Retry-After` in milliseconds (delta seconds or an HTTP date), or undefined. */
export function parseRetryAfter(header: string | undefined, nowMillis: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMillis);
}

/**
 * Delay before retry number `attempt` (1-based): the server's `Retry-After`
 * if given (capped, and never below `initialDelayMillis`: `Retry-After: 0`
 * would otherwise retry in a tight loop), else exponential backoff with equal jitter.
 */
export function retryDelayMillis(
  attempt: number,
  retryAfterMillis: number | undefined,
  options: ResolvedRetryOptions,
  random: () => number = Math.random,
): number {
  if (retryAfterMillis !== undefined) return Math.max(options.initialDelayMillis, Math.min(retryAfterMillis, options.maxRetryAfterMillis));
  const exp = Math.min(options.maxDelayMillis, options.initialDelayMillis * Math.pow(2, Math.max(0, attempt - 1)));
  return exp / 2 + (exp / 2) * random();
}
