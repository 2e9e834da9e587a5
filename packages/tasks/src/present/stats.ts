/**
 * `/stats` and `/stats/json`: one row per value, monkit's series names, in
 * the registry's order (scopes, then functions and values, by name).
 */
import { jsonList } from './format/list';
import { compareStrings } from './funcs';
import type { PresentStat } from './types';

/** Line-protocol escaping of a measurement or tag part (`,`, ` `, `=`, `\`). */
function escapeKey(text: string): string {
  return text.replace(/[\\, =]/g, (c) => '\\' + c);
}

/** `measurement,k1=v1,k2=v2` with tag keys sorted. */
export function seriesKey(row: PresentStat): string {
  let key = escapeKey(row.measurement);
  for (const name of Object.keys(row.tags).sort(compareStrings)) key += `,${escapeKey(name)}=${escapeKey(row.tags[name])}`;
  return key;
}

/** Go's `%f`: 6 decimals, `NaN`, `+Inf`, `-Inf`. */
export function formatFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return value.toFixed(6);
}

/** `/stats` (text): `measurement,sorted_tags field=%f` per line. */
export function statsText(rows: Iterable<PresentStat>): string {
  let out = '';
  for (const row of rows) out += `${seriesKey(row)} ${escapeKey(row.field)}=${formatFloat(row.value)}\n`;
  return out;
}

/** `/stats/json`: `[measurement, {tags}, field, value]` per line (non-finite values as `null`). */
export function statsJson(rows: Iterable<PresentStat>): string {
  return jsonList(
    [...rows].map((row) => {
      const tags: Record<string, string> = {};
      for (const name of Object.keys(row.tags).sort(compareStrings)) tags[name] = row.tags[name];
      return [row.measurement, tags, row.field, Number.isFinite(row.value) ? row.value : null];
    }),
  );
}
