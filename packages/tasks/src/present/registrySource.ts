/**
 * The present endpoint's view of a tasks `Registry`: durations from seconds
 * to nanoseconds (monkit's unit in `/funcs`), span trees flattened, the
 * call's arguments rendered once as strings, stats passed through in the
 * registry's order.
 */
import { inspect } from 'util';
import type { Snapshot } from '@meterwork/core';
import type { Func } from '../func/Func';
import type { Registry } from '../registry/Registry';
import type { FinishedSpan, SpanInfo } from '../span/Span';
import type { Dist } from '../values/Dist';
import type { PresentDistribution, PresentFinishedSpan, PresentFunc, PresentSource, PresentSpan, PresentStat } from './types';

const NANOS_PER_SECOND = 1e9;

function distribution(d: Dist): PresentDistribution {
  // The reservoir's snapshot (a sorted copy of its samples) is taken on first use only: /funcs/dot and the
  // dashboard skip most of them, and a busy function's window holds thousands of samples.
  let snapshot: Snapshot | undefined;
  const snap = (): Snapshot | undefined => (d.count === 0 ? undefined : (snapshot ??= d.snapshot()));
  return {
    count: d.count,
    sum: d.sum * NANOS_PER_SECOND,
    min: d.min * NANOS_PER_SECOND,
    max: d.max * NANOS_PER_SECOND,
    recent: d.recent * NANOS_PER_SECOND,
    get reservoirMean(): number {
      const s = snap();
      return s === undefined || s.size === 0 ? 0 : s.mean * NANOS_PER_SECOND;
    },
    quantile(q: number): number {
      const s = snap();
      return s === undefined || s.size === 0 ? 0 : s.quantile(q) * NANOS_PER_SECOND;
    },
  };
}

function presentFunc(f: Func): PresentFunc {
  const parentIds: number[] = [];
  for (const edge of f.parents()) if (edge.parent !== undefined) parentIds.push(edge.parent.id);
  return {
    id: f.id,
    scope: f.scope.name,
    name: f.name,
    parentIds,
    entry: f.entry,
    current: f.current,
    highwater: f.highwater,
    success: f.success,
    panics: f.panics,
    errors: Object.fromEntries(f.errors()),
    successTimes: distribution(f.successTimes),
    failureTimes: distribution(f.failureTimes),
  };
}

/** An argument as `/ps` shows it: strings as they are, everything else as `util.inspect` prints it (short). */
function renderArg(arg: unknown): string {
  return typeof arg === 'string' ? arg : inspect(arg, { depth: 1, breakLength: Infinity, maxArrayLength: 10, maxStringLength: 200 });
}

function presentSpan(s: SpanInfo): PresentSpan {
  return {
    id: s.id,
    parentId: s.parentId,
    traceId: s.traceId,
    scope: s.scope,
    name: s.name,
    startMillis: s.start,
    orphaned: s.orphaned,
    args: s.args === undefined ? [] : s.args.map(renderArg),
    annotations: s.annotations,
  };
}

function flatten<S extends { readonly children: readonly S[] }>(roots: readonly S[], out: S[] = []): S[] {
  for (const s of roots) {
    out.push(s);
    flatten(s.children, out);
  }
  return out;
}

function presentFinished(s: FinishedSpan): PresentFinishedSpan {
  return {
    ...presentSpan(s),
    finishMillis: s.finish,
    err: s.errorMessage === '' && !s.panicked && s.errorName === '' ? undefined : s.errorMessage,
    panicked: s.panicked,
    canceled: s.canceled,
  };
}

/** A {@link PresentSource} reading `registry`. */
export function registrySource(registry: Registry): PresentSource {
  return {
    now: () => registry.now(),
    funcs: () => registry.funcs().map(presentFunc),
    runningSpans: () => flatten(registry.runningSpans()).map(presentSpan),
    observeTrace: (selector, observer) => registry.observeTraces(selector, (root) => observer(flatten([root]).map(presentFinished))),
    stats: () => {
      const rows: PresentStat[] = [];
      registry.stats((measurement, tags, field, value) => rows.push({ measurement, tags, field, value }));
      return rows;
    },
  };
}
