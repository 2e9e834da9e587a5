/**
 * Shared pieces of the kind definitions.
 */

/**
 * The delta of a cumulative count or sum. A value below the previous one is
 * a reset (a new period, a restarted series): the delta is the whole current
 * value, as Prometheus reads a counter reset.
 */
export function countDelta(previous: number, current: number): number {
  return current >= previous ? current - previous : current;
}

/** `window` label values of the four EWMA rates, in output order. */
export const RATE_WINDOWS = ['1m', '5m', '15m', 'mean'] as const;

/** Unit of a rate of the instrument's unit: `By` -> `By/s`, none -> `1/s`. */
export function perSecond(unit: string): string {
  return unit === '' ? '1/s' : `${unit}/s`;
}

/** Unit of a count of events (the instrument's unit is that of the values). */
export function noUnit(): string {
  return '';
}
