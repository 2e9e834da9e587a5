import { diag, trace, type Tracer } from '@opentelemetry/api';
import type { Clock, ReservoirOptions } from '@meterwork/core';
import { type Func, type CallEdge } from '../func/Func';
import type { Span, RunningSpan } from '../span/Span';
import type { ErrorNamer } from '../errors/errorName';
import { nameError } from '../errors/errorName';
import type { PanicPredicate } from '../errors/panic';
import { TraceCollector, type TraceFilter, type TraceObserver, type TraceSubscription } from '../trace/TraceCollector';
import { errorMessage } from '../task/run';
import { resolveRegistryOptions, type RegistryOptions } from './options';
import { Scope } from './Scope';
import { listRunning } from './running';
import { writeStats, type StatsSink } from './stats';

/** Options of `Registry.observeTraces`. */
export interface ObserveTracesOptions {
  /**
   * Stop after the first trace (what a `/trace` request wants); `false`
   * delivers every matching trace until unsubscribed.
   * @default true
   */
  readonly once?: boolean | undefined;
}

/**
 * Everything instrumented (monkit's `Registry`): scopes of functions and
 * values, the call graph, running tasks, trace observers and the stats
 * `/stats` renders. Every read method answers a sorted, deterministic
 * snapshot; the record path (tasks starting and ending) never throws.
 */
export class Registry {
  /** @internal */ readonly _clock: Clock;
  /** @internal Unix ms of the clock's zero. */ readonly _origin: number;
  /** @internal */ readonly _isPanic: PanicPredicate;
  /** @internal Newest first. */ _errorNamers: readonly ErrorNamer[];
  /** @internal */ readonly _reservoir: ReservoirOptions;
  /** @internal */ readonly _tracer: Tracer | undefined;
  /** @internal Last id handed out (functions, spans and traces share the sequence). */ _lastId = 0;
  /** @internal Head of the running spans' list. */ _running: Span | undefined = undefined;
  /** @internal */ _subscriptions: TraceSubscription[] = [];
  private readonly _scopes = new Map<string, Scope>();

  constructor(options: RegistryOptions = {}) {
    const o = resolveRegistryOptions(options);
    this._clock = o.clock;
    this._origin = o.clockOriginMillis;
    this._isPanic = o.isPanic;
    this._errorNamers = o.errorNamers;
    this._reservoir = o.reservoir;
    this._tracer = o.otelSpans === false ? undefined : o.otelSpans === true ? trace.getTracer('@meterwork/tasks') : o.otelSpans;
  }

  /** The clock of task durations (ms, any origin). */
  get clock(): Clock {
    return this._clock;
  }

  /** Now as Unix time (ms) on the span-time scale (`clock()` + `clockOriginMillis`). */
  now(): number {
    return this._origin + this._clock();
  }

  /** The scope (monkit's package) named `name`, created on first use. */
  scope(name: string): Scope {
    let s = this._scopes.get(name);
    if (s === undefined) {
      if (typeof name !== 'string' || name === '') throw new TypeError(`Registry.scope: name must be a non-empty string, got ${String(name)}`);
      s = new Scope(this, name);
      this._scopes.set(name, s);
    }
    return s;
  }

  /** Every scope, sorted by name. */
  scopes(): Scope[] {
    return Array.from(this._scopes.values()).sort((a, b) => compare(a.name, b.name));
  }

  /** Every instrumented function, sorted by scope name, then function name. */
  funcs(): Func[] {
    const out: Func[] = [];
    for (const s of this.scopes()) out.push(...s.funcs());
    return out;
  }

  /** @internal Next id (below 2^53 for 285 years at a million tasks a second). */
  _nextId(): number {
    return ++this._lastId;
  }

  /**
   * The call graph: one edge per (caller, callee) pair with its call count,
   * sorted by callee full name, then caller (entry first).
   */
  callGraph(): CallEdge[] {
    const out: CallEdge[] = [];
    for (const f of this.funcs()) out.push(...f.parents());
    return out;
  }

  /**
   * The tasks running now, as trees: roots are spans without a parent or
   * whose parent ended (`orphaned`); roots and children are sorted by start
   * time, then id.
   */
  runningSpans(): RunningSpan[] {
    return listRunning(this._running, this._clock(), this._origin);
  }

  /**
   * Watches for a trace (monkit's trace observation; what `/trace` serves):
   * the first span starting after this call whose function's full name
   * matches `filter.regex` (and, with `filter.traceId`, that belongs to that
   * trace) becomes the root; when it ends, `observer` receives it with every
   * descendant that ended before it. Returns the unsubscribe function (call
   * it when the client goes away; idempotent). Throws a TypeError when the
   * filter has neither `regex` nor `traceId`.
   */
  observeTraces(filter: TraceFilter, observer: TraceObserver, options: ObserveTracesOptions = {}): () => void {
    const { regex, traceId } = filter ?? {};
    if (regex === undefined && traceId === undefined) throw new TypeError('Registry.observeTraces: give filter.regex or filter.traceId');
    if (regex !== undefined && !(regex instanceof RegExp)) throw new TypeError('Registry.observeTraces: filter.regex must be a RegExp');
    if (traceId !== undefined && !Number.isSafeInteger(traceId)) throw new TypeError('Registry.observeTraces: filter.traceId must be a safe integer');
    if (typeof observer !== 'function') throw new TypeError('Registry.observeTraces: observer must be a function');
    const sub: TraceSubscription = {
      // A copy without g/y: `test` on a global regex would move its lastIndex.
      filter: { regex: regex === undefined ? undefined : new RegExp(regex.source, regex.flags.replace(/[gy]/g, '')), traceId },
      observer,
      once: options.once ?? true,
      active: 0,
      closed: false,
    };
    this._subscriptions = [...this._subscriptions, sub];
    return () => this._unsubscribe(sub);
  }

  private _unsubscribe(sub: TraceSubscription): void {
    if (sub.closed) return;
    sub.closed = true;
    this._subscriptions = this._subscriptions.filter((s) => s !== sub);
  }

  /** @internal Called when a span starts while subscriptions exist. */
  _matchTrace(span: Span): void {
    let added: TraceCollector[] | undefined;
    for (const sub of this._subscriptions) {
      if (sub.closed || (sub.once && sub.active > 0)) continue;
      const { regex, traceId } = sub.filter;
      if (traceId !== undefined && span.traceId !== traceId) continue;
      if (regex !== undefined && !regex.test(span.func.fullName)) continue;
      sub.active++;
      (added ??= []).push(new TraceCollector(span, sub));
    }
    if (added !== undefined) span._collectors = span._collectors === undefined ? added : [...span._collectors, ...added];
  }

  /** @internal Called when a span of a collected trace ends. */
  _collect(span: Span): void {
    const message = span.end === span.end && (span.panicked || span.errorName !== '') ? errorMessage(span.error) : '';
    for (const c of span._collectors!) {
      if (c.subscription.closed && c.root !== span) continue;
      const root = c.add(span, message, this._origin);
      if (root === undefined) continue;
      const sub = c.subscription;
      sub.active--;
      if (sub.closed) continue;
      if (sub.once) this._unsubscribe(sub);
      try {
        sub.observer(root);
      } catch (err) {
        diag.error('@meterwork/tasks: a trace observer threw', err);
      }
    }
  }

  /**
   * Adds an error namer, tried before the ones added earlier and before the
   * built-in rules (see `nameError`). Returns its remover.
   */
  addErrorNamer(namer: ErrorNamer): () => void {
    if (typeof namer !== 'function') throw new TypeError('Registry.addErrorNamer: namer must be a function');
    this._errorNamers = [namer, ...this._errorNamers];
    return () => {
      this._errorNamers = this._errorNamers.filter((n) => n !== namer);
    };
  }

  /** The name a failure with `error` is counted under (user namers, then the built-in rules). */
  nameError(error: unknown): string {
    return nameError(error, this._errorNamers);
  }

  /** Whether `thrown` counts as a panic (`RegistryOptions.isPanic`). */
  isPanic(thrown: unknown): boolean {
    try {
      return this._isPanic(thrown) === true;
    } catch {
      return false;
    }
  }

  /**
   * monkit's stats, one call of `sink` per field, in `/stats` order: scopes
   * by name; in each, functions by name (`function` current, highwater,
   * successes, errors, panics, failures, total; `function` count per
   * `error_name`; `function_times` per `kind` success/failure: count, and when
   * count > 0 sum min max rmin ravg r10 r50 r90 r99 rmax recent, seconds),
   * then values by name (measurement = the value's name). Tags are `scope`
   * and `name` (and `error_name`, `kind`) for functions, `scope` for values.
   */
  stats(sink: StatsSink): void {
    for (const s of this.scopes()) writeStats(s, sink);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
