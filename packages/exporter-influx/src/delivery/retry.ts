/** Retry timing. */
export interface RetryOptions {
  /** First delay after a failure. @default 1000 */
  readonly minDelayMillis?: number | undefined;
  /** Upper bound of the exponential delay. @default 30000 */
  readonly maxDelayMillis?: number | undefined;
  /** Upper bound for a server's `Retry-After`. @default 300000 */
  readonly maxRetryAfterMillis?: number | undefined;
}

export interface ResolvedRetryOptions {
  readonly minDelayMillis: number;
  readonly maxDelayMillis: number;
  readonly maxRetryAfterMillis: number;
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
 * if given (capped, and never below `minDelayMillis`: `Retry-After: 0` or a
 * past date would otherwise retry in a tight loop), else exponential backoff with "equal jitter" (half fixed,
 * half random) so that many processes restarted together spread out.
 */
export function retryDelayMillis(
  attempt: number,
  retryAfterMillis: number | undefined,
  options: ResolvedRetryOptions,
  random: () => number = Math.random,
): number {
  if (retryAfterMillis !== undefined) return Math.max(options.minDelayMillis, Math.min(retryAfterMillis, options.maxRetryAfterMillis));
  const exp = Math.min(options.maxDelayMillis, options.minDelayMillis * Math.pow(2, Math.max(0, attempt - 1)));
  return exp / 2 + (exp / 2) * random();
}
