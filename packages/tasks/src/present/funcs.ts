/**
 * `/funcs` in monkit's three forms (text, DOT, JSON), as pure functions of
 * the functions' snapshots. Unlike monkit (map order), everything is sorted:
 * functions by full name then id, parents by id (entry first), error names
 * alphabetically, so two reads of an idle process are byte-identical.
 */
import { escapeDotLabel } from './format/dot';
import { goDuration } from './format/duration';
import { jsonList } from './format/list';
import { FUNC_QUANTILES } from '../values/Dist';
import type { PresentDistribution, PresentFunc } from './types';

/** `scope.name`, monkit's full name. */
export function fullNameOf(f: { readonly scope: string; readonly name: string }): string {
  return f.scope === '' ? f.name : `${f.scope}.${f.name}`;
}

/** Functions in output order. */
export function sortFuncs(funcs: Iterable<PresentFunc>): PresentFunc[] {
  return [...funcs].sort((a, b) => compareStrings(fullNameOf(a), fullNameOf(b)) || a.id - b.id);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedErrors(f: PresentFunc): Array<[string, number]> {
  return Object.entries(f.errors).sort((a, b) => compareStrings(a[0], b[0]));
}

function totalErrors(f: PresentFunc): number {
  let total = 0;
  for (const name in f.errors) total += f.errors[name];
  return total;
}

function parentsOf(f: PresentFunc): string[] {
  const ids = [...f.parentIds].sort((a, b) => a - b).map(String);
  return f.entry || ids.length === 0 ? ['entry', ...ids] : ids;
}

function formatDist(d: PresentDistribution, indent: string): string {
  let out = '';
  for (const q of FUNC_QUANTILES) out += `${indent}${q.toFixed(2)}: ${goDuration(d.quantile(q))}\n`;
  out += `${indent}avg: ${goDuration(d.count === 0 ? 0 : d.sum / d.count)}\n`;
  out += `${indent}ravg: ${goDuration(d.reservoirMean)}\n`;
  out += `${indent}recent: ${goDuration(d.recent)}\n`;
  out += `${indent}sum: ${goDuration(d.sum)}\n`;
  return out;
}

function counters(f: PresentFunc): string {
  return `current: ${f.current}, highwater: ${f.highwater}, success: ${f.success}, errors: ${totalErrors(f)}, panics: ${f.panics}`;
}

/** `/funcs` (text). */
export function funcsText(funcs: Iterable<PresentFunc>): string {
  let out = '';
  for (const f of sortFuncs(funcs)) {
    out += `[${f.id}] ${fullNameOf(f)}\n  parents: ${parentsOf(f).join(', ')}\n  ${counters(f)}\n`;
    for (const [name, count] of sortedErrors(f)) out += `  error ${name}: ${count}\n`;
    out += `  success times:\n${formatDist(f.successTimes, '    ')}  failure times:\n${formatDist(f.failureTimes, '    ')}\n`;
  }
  return out;
}

/** `/funcs/dot`: one box per function, `entry` boxes for entry points, an edge per caller. */
export function funcsDot(funcs: Iterable<PresentFunc>): string {
  let out = 'digraph G {\n node [shape=box];\n';
  for (const f of sortFuncs(funcs)) {
    let label = escapeDotLabel(`${fullNameOf(f)}\n${counters(f)}\n`);
    for (const [name, count] of sortedErrors(f)) label += escapeDotLabel(`error ${name}: ${count}\n`);
    if (f.success > 0) label += escapeDotLabel(`success times:\n${formatDist(f.successTimes, '        ')}`);
    if (totalErrors(f) + f.panics > 0) label += escapeDotLabel(`failure times:\n${formatDist(f.failureTimes, '        ')}`);
    out += ` f${f.id} [label="${label}"];\n`;
    for (const parent of parentsOf(f)) {
      out += parent === 'entry' ? ` r${f.id} [label="entry"];\n r${f.id} -> f${f.id};\n` : ` f${parent} -> f${f.id};\n`;
    }
  }
  return out + '}\n';
}

function distJson(d: PresentDistribution): Record<string, unknown> {
  const quantiles: Record<string, number> = {};
  for (const q of FUNC_QUANTILES) quantiles[q.toFixed(2)] = Math.round(d.quantile(q));
  const full = d.count === 0 ? 0 : Math.round(d.sum / d.count);
  return {
    average: full,
    reservoir_average: Math.round(d.reservoirMean),
    full_average: full,
    max: Math.round(d.max),
    min: Math.round(d.min),
    recent: Math.round(d.recent),
    quantiles,
  };
}

/** `/funcs/json`: monkit's fields in monkit's order, durations in integer ns. */
export function funcsJson(funcs: Iterable<PresentFunc>): string {
  return jsonList(
    sortFuncs(funcs).map((f) => {
      const parentIds = [...f.parentIds].sort((a, b) => a - b);
      return {
        id: f.id,
        parent_ids: parentIds.length === 0 ? null : parentIds,
        package: f.scope,
        name: f.name,
        current: f.current,
        highwater: f.highwater,
        success: f.success,
        panics: f.panics,
        entry: f.entry || parentIds.length === 0,
        errors: Object.fromEntries(sortedErrors(f)),
        success_times: distJson(f.successTimes),
        failure_times: distJson(f.failureTimes),
      };
    }),
  );
}
