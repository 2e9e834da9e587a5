/**
 * `/stats` and `/stats/json`: one row per value, monkit's series names.
 * Functions come first (sorted by full name, monkit's per-function order of
 * rows), then the source's other values sorted by series key (the order of a
 * series' fields is kept).
 */
import { jsonList } from './format/list';
import { meanOf, quantileOf } from './format/quantile';
import { compareStrings, sortFuncs } from './funcs';
import type { PresentDistribution, PresentFunc, PresentSource, PresentStat } from './types';

const NANOS_PER_SECOND = 1e9;

function timesRows(f: PresentFunc, kind: string, d: PresentDistribution, out: PresentStat[]): void {
  const tags = { kind, name: f.name, scope: f.scope };
  const push = (field: string, value: number): void => {
    out.push({ measurement: 'function_times', tags, field, value });
  };
  push('count', d.count);
  if (d.count === 0) return;
  const s = d.samples;
  push('sum', d.sum / NANOS_PER_SECOND);
  push('min', d.min / NANOS_PER_SECOND);
  push('max', d.max / NANOS_PER_SECOND);
  push('rmin', quantileOf(s, 0) / NANOS_PER_SECOND);
  push('ravg', meanOf(s) / NANOS_PER_SECOND);
  push('r10', quantileOf(s, 0.1) / NANOS_PER_SECOND);
  push('r50', quantileOf(s, 0.5) / NANOS_PER_SECOND);
  push('r90', quantileOf(s, 0.9) / NANOS_PER_SECOND);
  push('r99', quantileOf(s, 0.99) / NANOS_PER_SECOND);
  push('rmax', quantileOf(s, 1) / NANOS_PER_SECOND);
  push('recent', d.recent / NANOS_PER_SECOND);
}

/** The rows monkit reports per function. */
export function functionStats(funcs: Iterable<PresentFunc>): PresentStat[] {
  const out: PresentStat[] = [];
  for (const f of sortFuncs(funcs)) {
    const tags = { name: f.name, scope: f.scope };
    const errorNames = Object.keys(f.errors).sort(compareStrings);
    let errors = 0;
    for (const name of errorNames) errors += f.errors[name];
    const failures = errors + f.panics;
    const fields: Array<[string, number]> = [
      ['current', f.current],
      ['highwater', f.highwater],
      ['successes', f.success],
      ['errors', errors],
      ['panics', f.panics],
      ['failures', failures],
      ['total', f.success + failures],
    ];
    for (const [field, value] of fields) out.push({ measurement: 'function', tags, field, value });
    for (const name of errorNames)
      out.push({ measurement: 'function', tags: { error_name: name, name: f.name, scope: f.scope }, field: 'count', value: f.errors[name] });
    timesRows(f, 'success', f.successTimes, out);
    timesRows(f, 'failure', f.failureTimes, out);
  }
  return out;
}

/** Every row of `/stats` in output order. */
export function collectStats(source: PresentSource): PresentStat[] {
  const rows = functionStats(source.funcs());
  if (source.stats !== undefined) {
    const extra = [...source.stats()].map((row, index) => ({ row, key: seriesKey(row), index }));
    extra.sort((a, b) => compareStrings(a.key, b.key) || a.index - b.index);
    for (const e of extra) rows.push(e.row);
  }
  return rows;
}

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
