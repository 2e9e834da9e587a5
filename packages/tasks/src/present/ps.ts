/**
 * `/ps`: the tasks running now, as a forest (a task whose parent is not
 * running is a root). Roots and children are sorted by start time, then id.
 */
import { goDuration } from './format/duration';
import { jsonList } from './format/list';
import { fullNameOf } from './funcs';
import type { PresentFinishedSpan, PresentSpan } from './types';

const NANOS_PER_MILLI = 1e6;

function byStart(a: PresentSpan, b: PresentSpan): number {
  return a.startMillis - b.startMillis || a.id - b.id;
}

/** Roots and a parent-to-children map of `spans`, each list sorted. */
export function spanForest<S extends PresentSpan>(spans: Iterable<S>): { roots: S[]; children: Map<number, S[]> } {
  const all = [...spans].sort(byStart);
  const ids = new Set(all.map((s) => s.id));
  const roots: S[] = [];
  const children = new Map<number, S[]>();
  for (const s of all) {
    if (s.parentId === undefined || !ids.has(s.parentId)) {
      roots.push(s);
      continue;
    }
    let list = children.get(s.parentId);
    if (list === undefined) children.set(s.parentId, (list = []));
    list.push(s);
  }
  return { roots, children };
}

/** `/ps` (text): `[id,traceId] scope.name("arg") (elapsed: 987ms[, orphaned])`, one space of indent per level, a blank line after each root. */
export function psText(spans: Iterable<PresentSpan>, nowMillis: number): string {
  const { roots, children } = spanForest(spans);
  let out = '';
  const write = (s: PresentSpan, indent: string): void => {
    const args = s.args.map((a) => JSON.stringify(a)).join(', ');
    const elapsed = goDuration((nowMillis - s.startMillis) * NANOS_PER_MILLI);
    out += `${indent}[${s.id},${s.traceId}] ${fullNameOf(s)}(${args}) (elapsed: ${elapsed}${s.orphaned ? ', orphaned' : ''})\n`;
    for (const [name, value] of s.annotations) out += `${indent}  ${name}: ${value}\n`;
    for (const child of children.get(s.id) ?? []) write(child, indent + ' ');
  };
  for (const root of roots) {
    write(root, '');
    out += '\n';
  }
  return out;
}

function spanBase(s: PresentSpan): Record<string, unknown> {
  const base: Record<string, unknown> = { id: s.id };
  if (s.parentId !== undefined) base.parent_id = s.parentId;
  base.func = { package: s.scope, name: s.name };
  base.trace = { id: s.traceId };
  base.start = Math.round(s.startMillis * NANOS_PER_MILLI);
  return base;
}

/** A running span as `/ps/json` shows it. */
export function runningSpanJson(s: PresentSpan, nowMillis: number): Record<string, unknown> {
  const out = spanBase(s);
  out.elapsed = Math.round((nowMillis - s.startMillis) * NANOS_PER_MILLI);
  out.orphaned = s.orphaned;
  out.args = [...s.args];
  out.annotations = s.annotations.map(([k, v]) => [k, v]);
  return out;
}

/** A finished span as `/trace/json` shows it. */
export function finishedSpanJson(s: PresentFinishedSpan): Record<string, unknown> {
  const out = spanBase(s);
  out.finish = Math.round(s.finishMillis * NANOS_PER_MILLI);
  out.orphaned = s.orphaned;
  if (s.err !== undefined) out.err = s.err;
  out.panicked = s.panicked;
  out.args = [...s.args];
  out.annotations = s.annotations.map(([k, v]) => [k, v]);
  return out;
}

/** `/ps/json`: every running span, in tree order. */
export function psJson(spans: Iterable<PresentSpan>, nowMillis: number): string {
  return jsonList(treeOrder(spans).map((s) => runningSpanJson(s, nowMillis)));
}

/** Spans depth-first: each root, then its descendants. */
export function treeOrder<S extends PresentSpan>(spans: Iterable<S>): S[] {
  const { roots, children } = spanForest(spans);
  const out: S[] = [];
  const visit = (s: S): void => {
    out.push(s);
    for (const c of children.get(s.id) ?? []) visit(c);
  };
  roots.forEach(visit);
  return out;
}
