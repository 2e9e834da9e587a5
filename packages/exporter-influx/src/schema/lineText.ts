import { escapeTag } from '../lineprotocol/escape';
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

  addRaw(measurement: string, key: string, value: number): void {
    this.add(measurement, escapeTag(key), value);
  }
}

/** Joins a line; returns false (nothing written) when no field survived. */
export function pushLine(out: string[], escapedMeasurement: string, tags: string, fields: string, timestamp: string): boolean {
  if (fields.length === 0) return false;
  out.push(escapedMeasurement + tags + ' ' + fields + ' ' + timestamp);
  return true;
}

/** Quantile as a key: 0.5 -> "0.5" (telegraf v1 summary field keys, v2 `quantile` tag). */
export function quantileKey(q: number): string {
  return String(q);
}

/** Bucket bound as a key: 0.25 -> "0.25" (telegraf v1 field keys, v2 `le` tag). */
export function boundKey(bound: number): string {
  return bound === Infinity ? '+Inf' : String(bound);
}
