import { formatFloat } from '../lineprotocol/format';
import type { SkipHandler } from './types';

/**
 * Accumulates `key=value` pairs for one line, skipping non-finite values
 * (InfluxDB rejects NaN and Infinity) through `onSkip`.
 */
export class FieldText {
  text = '';
  constructor(private readonly onSkip: SkipHandler) {}

  reset(): this {
    this.text = '';
    return this;
  }

  /** `escapedKey` must already be escaped for line protocol. */
  add(measurement: string, escapedKey: string, value: number): void {
    if (!Number.isFinite(value)) {
      this.onSkip(measurement, escapedKey, value);
      return;
    }
    this.text += (this.text.length === 0 ? '' : ',') + escapedKey + '=' + formatFloat(value);
  }
}

/** Joins a line; returns false (nothing written) when no field survived. */
export function pushLine(out: string[], escapedMeasurement: string, tags: string, fields: string, timestamp: string): boolean {
  if (fields.length === 0) return false;
  out.push(escapedMeasurement + tags + ' ' + fields + ' ' + timestamp);
  return true;
}

/**
 * Shortest round-trip decimal without an exponent, like Go's
 * `strconv.FormatFloat(x, 'f', -1, 64)` that the OTel Collector uses for these
 * keys: 1e-7 -> "0.0000001", 1e21 -> "1000000000000000000000" (`String()` would
 * give "1e-7" and "1e+21", a different field key or tag value than the Collector's).
 */
export function plainDecimal(x: number): string {
  const s = String(x);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const negative = s.charCodeAt(0) === 45;
  const mantissa = s.slice(negative ? 1 : 0, e);
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const intLength = (dot < 0 ? mantissa.length : dot) + Number(s.slice(e + 1));
  const text =
    intLength <= 0
      ? '0.' + '0'.repeat(-intLength) + digits
      : intLength >= digits.length
        ? digits + '0'.repeat(intLength - digits.length)
        : digits.slice(0, intLength) + '.' + digits.slice(intLength);
  return negative ? '-' + text : text;
}

/** Quantile as a key: 0.5 -> "0.5" (telegraf v1 summary field keys, v2 `quantile` tag). */
export function quantileKey(q: number): string {
  return plainDecimal(q);
}

/** Bucket bound as a key: 0.25 -> "0.25" (telegraf v1 field keys, v2 `le` tag). */
export function boundKey(bound: number): string {
  return bound === Infinity ? '+Inf' : plainDecimal(bound);
}
