import type { HrTime } from '@opentelemetry/api';

/** Timestamp precision of the written lines (the `precision` query parameter). */
export type Precision = 'ns' | 'us' | 'ms' | 's';

export const PRECISIONS: readonly Precision[] = ['ns', 'us', 'ms', 's'];

const ZEROS = '000000000';

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : ZEROS.slice(0, width - s.length) + s;
}

/**
 * Formats an OTel `HrTime` at `precision`. Nanoseconds since the epoch exceed
 * 2^53, so the two parts are concatenated as strings instead of multiplied.
 */
export function formatTimestamp(time: HrTime, precision: Precision): string {
  const seconds = time[0];
  const nanos = time[1];
  switch (precision) {
    case 'ns':
      return seconds === 0 ? String(nanos) : String(seconds) + pad(nanos, 9);
    case 'us':
      return seconds === 0 ? String(Math.floor(nanos / 1000)) : String(seconds) + pad(Math.floor(nanos / 1000), 6);
    case 'ms':
      return String(seconds * 1000 + Math.floor(nanos / 1e6));
    case 's':
      return String(seconds);
  }
}

/**
 * Formats a float field value. Always written without the `i` suffix so
 * InfluxDB stores every field as a float, whatever the value: an integer
 * once and a float later would be a field type conflict (points dropped).
 * Callers skip non-finite values first.
 */
export function formatFloat(value: number): string {
  return String(value);
}
