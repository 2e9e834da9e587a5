/**
 * A small in-memory PresentSource for the endpoint's tests: functions with
 * explicit counters and samples, and tasks started and ended by hand (wall
 * clock injected), notifying observers as the real registry does.
 */
import type {
  PresentDistribution,
  PresentFinishedSpan,
  PresentFunc,
  PresentSource,
  PresentSpan,
  PresentSpanObserver,
  PresentStat,
} from '../../src/present/types';

export function dist(samplesNs: number[], extra: Partial<PresentDistribution> = {}): PresentDistribution {
  const samples = [...samplesNs].sort((a, b) => a - b);
  const sum = samplesNs.reduce((a, b) => a + b, 0);
  return {
    count: samplesNs.length,
    sum,
    min: samples[0] ?? 0,
    max: samples[samples.length - 1] ?? 0,
    recent: samplesNs[samplesNs.length - 1] ?? 0,
    samples,
    ...extra,
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

export class FakeSource implements PresentSource {
  readonly functions: PresentFunc[] = [];
  readonly running = new Map<number, PresentSpan>();
  readonly observers = new Set<PresentSpanObserver>();
  extraStats: PresentStat[] = [];
  nowMillis = 1_700_000_000_000;
  private nextId = 1;

  funcs(): Iterable<PresentFunc> {
    return this.functions;
  }
  runningSpans(): Iterable<PresentSpan> {
    return this.running.values();
  }
  observeSpans(observer: PresentSpanObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }
  stats(): Iterable<PresentStat> {
    return this.extraStats;
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
    for (const o of [...this.observers]) o.start(span);
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
    for (const o of [...this.observers]) o.finish(finished);
    return finished;
  }
}
