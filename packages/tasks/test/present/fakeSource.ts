/**
 * A small in-memory PresentSource for the endpoint's tests: functions with
 * explicit counters and samples, and tasks started and ended by hand (wall
 * clock set by the test), so every timing in a response is known exactly.
 */
import { compareStrings, sortFuncs } from '../../src/present/funcs';
import type { PresentDistribution, PresentFinishedSpan, PresentFunc, PresentSource, PresentSpan, PresentStat, TraceSelector } from '../../src/present/types';

/** Type-7 quantile of ascending samples (monkit's interpolation). */
export function quantileOf(samples: ReadonlyArray<number>, q: number): number {
  const n = samples.length;
  if (n === 0) return 0;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return samples[lo] + (samples[hi] - samples[lo]) * (pos - lo);
}

export function dist(samplesNs: number[]): PresentDistribution {
  const samples = [...samplesNs].sort((a, b) => a - b);
  const sum = samplesNs.reduce((a, b) => a + b, 0);
  return {
    count: samplesNs.length,
    sum,
    min: samples[0] ?? 0,
    max: samples[samples.length - 1] ?? 0,
    recent: samplesNs[samplesNs.length - 1] ?? 0,
    reservoirMean: samples.length === 0 ? 0 : sum / samples.length,
    quantile: (q) => quantileOf(samples, q),
  };
}

export function func(id: number, scope: string, name: string, extra: Partial<PresentFunc> = {}): PresentFunc {
  return {
    id,
    scope,
    name,
    parentIds: [],
    entry: true,
    current: 0,
    highwater: 0,
    success: 0,
    panics: 0,
    errors: {},
    successTimes: dist([]),
    failureTimes: dist([]),
    ...extra,
  };
}

/** The rows the registry writes per function (monkit's order), for the fake. */
export function functionStats(funcs: Iterable<PresentFunc>): PresentStat[] {
  const out: PresentStat[] = [];
  for (const f of sortFuncs(funcs)) {
    const tags = { name: f.name, scope: f.scope };
    const names = Object.keys(f.errors).sort(compareStrings);
    const errors = names.reduce((n, k) => n + f.errors[k], 0);
    const fields: Array<[string, number]> = [
      ['current', f.current],
      ['highwater', f.highwater],
      ['successes', f.success],
      ['errors', errors],
      ['panics', f.panics],
      ['failures', errors + f.panics],
      ['total', f.success + errors + f.panics],
    ];
    for (const [field, value] of fields) out.push({ measurement: 'function', tags, field, value });
    for (const name of names)
      out.push({ measurement: 'function', tags: { error_name: name, name: f.name, scope: f.scope }, field: 'count', value: f.errors[name] });
    out.push({ measurement: 'function_times', tags: { kind: 'success', name: f.name, scope: f.scope }, field: 'count', value: f.successTimes.count });
  }
  return out;
}

interface Watch {
  readonly selector: TraceSelector;
  root?: PresentSpan;
  readonly members: Set<number>;
  readonly collected: PresentFinishedSpan[];
  readonly observer: (spans: PresentFinishedSpan[]) => void;
}

export class FakeSource implements PresentSource {
  readonly functions: PresentFunc[] = [];
  readonly running = new Map<number, PresentSpan>();
  readonly watches = new Set<Watch>();
  extraStats: PresentStat[] = [];
  nowMillis = 1_700_000_000_000;
  private nextId = 1;

  now(): number {
    return this.nowMillis;
  }
  funcs(): Iterable<PresentFunc> {
    return this.functions;
  }
  runningSpans(): Iterable<PresentSpan> {
    return this.running.values();
  }
  stats(): Iterable<PresentStat> {
    return [...functionStats(this.functions), ...this.extraStats];
  }
  observeTrace(selector: TraceSelector, observer: (spans: PresentFinishedSpan[]) => void): () => void {
    const watch: Watch = { selector, members: new Set(), collected: [], observer };
    this.watches.add(watch);
    return () => this.watches.delete(watch);
  }

  /** Starts a task; `parent` links it (same trace). */
  start(scope: string, name: string, parent?: PresentSpan, args: string[] = []): PresentSpan {
    const id = this.nextId++;
    const span: PresentSpan = {
      id,
      parentId: parent?.id,
      traceId: parent?.traceId ?? 1000 + id,
      scope,
      name,
      startMillis: this.nowMillis,
      orphaned: false,
      args,
      annotations: [],
    };
    this.running.set(id, span);
    for (const w of this.watches) {
      if (w.root === undefined) {
        const { regex, traceId } = w.selector;
        if ((traceId === undefined || traceId === span.traceId) && (regex === undefined || regex.test(`${scope}.${name}`))) {
          w.root = span;
          w.members.add(id);
        }
      } else if (span.parentId !== undefined && w.members.has(span.parentId)) w.members.add(id);
    }
    return span;
  }

  end(span: PresentSpan, outcome: { err?: string; panicked?: boolean; canceled?: boolean } = {}): PresentFinishedSpan {
    this.running.delete(span.id);
    const finished: PresentFinishedSpan = {
      ...span,
      finishMillis: this.nowMillis,
      err: outcome.err,
      panicked: outcome.panicked ?? false,
      canceled: outcome.canceled,
    };
    for (const w of [...this.watches]) {
      if (!w.members.has(span.id)) continue;
      w.collected.push(finished);
      if (w.root?.id === span.id) {
        this.watches.delete(w);
        w.observer([finished, ...w.collected.filter((s) => s !== finished)]);
      }
    }
    return finished;
  }
}
