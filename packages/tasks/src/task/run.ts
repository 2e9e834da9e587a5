import { types } from 'node:util';
import { context, diag, SpanStatusCode, trace, type Context, type Tracer } from '@opentelemetry/api';
import type { Func } from '../func/Func';
import { Span } from '../span/Span';
import { storage, sync } from '../span/current';
import { callIn } from '../span/enter';
import { CANCELED, nameError } from '../errors/errorName';
import type { Registry } from '../registry/Registry';

type Fn = (...args: unknown[]) => unknown;

/**
 * Runs one call of an instrumented function: the record path. Reads the
 * clock once at the start and once at the end; allocates the span (which
 * the async context must hold anyway) and, for a promise, the two
 * reactions that end it. `args` may be an `arguments` object.
 * @internal
 */
export function runTask(reg: Registry, func: Func, fn: Fn, self: unknown, args: ArrayLike<unknown>, recordArgs: boolean, tracer: Tracer | undefined): unknown {
  const s = sync.span;
  const parent = s !== null ? s : storage.getStore();
  const span = startSpan(reg, func, parent, recordArgs ? Array.prototype.slice.call(args) : undefined);
  sync.span = span;
  let result: unknown;
  try {
    result = tracer === undefined ? callIn(span, parent, s === null, fn, self, args) : runTraced(tracer, span, parent, s === null, fn, self, args);
  } catch (err) {
    sync.span = s;
    endSpan(reg, span, err, true);
    throw err;
  }
  sync.span = s;
  if (result instanceof Promise || isForeignPromise(result)) return settle(reg, span, result as Promise<unknown>);
  endSpan(reg, span, undefined, false);
  return result;
}

/**
 * A native promise of another realm (a `vm` context, or Node's own under
 * jest), which `instanceof Promise` misses. Only objects with a `then`
 * method reach the (slower) native check.
 */
function isForeignPromise(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function' && types.isPromise(value);
}

/** A new promise that settles as the user's: an ignored rejection stays unhandled, as without the wrapper. */
function settle(reg: Registry, span: Span, result: Promise<unknown>): Promise<unknown> {
  return result.then(
    (value: unknown) => {
      endSpan(reg, span, undefined, false);
      return value;
    },
    (err: unknown) => {
      endSpan(reg, span, err, true);
      throw err;
    },
  );
}

function runTraced(tracer: Tracer, span: Span, parent: Span | undefined, parentFromStore: boolean, fn: Fn, self: unknown, args: ArrayLike<unknown>): unknown {
  const active: Context = context.active();
  const otel = tracer.startSpan(span.func.fullName, { attributes: { 'code.function.name': span.func.fullName } }, active);
  span._otel = otel;
  return context.with(trace.setSpan(active, otel), () => callIn(span, parent, parentFromStore, fn, self, args));
}

/** @internal */
export function startSpan(reg: Registry, func: Func, parent: Span | undefined, args: unknown[] | undefined): Span {
  const start = reg._clock();
  const id = ++reg._lastId;
  const span = new Span(id, parent === undefined ? ++reg._lastId : parent.traceId, parent, func, start, args);
  func._calledFrom(parent === undefined ? undefined : parent.func);
  if (++func.current > func.highwater) func.highwater = func.current;
  const head = reg._running;
  if (head !== undefined) head._prev = span;
  span._next = head;
  reg._running = span;
  if (parent !== undefined && parent._collectors !== undefined) span._collectors = parent._collectors;
  if (reg._subscriptions.length > 0) reg._matchTrace(span);
  return span;
}

/** @internal Never throws: user callbacks (isPanic, namers, observers) are guarded. */
export function endSpan(reg: Registry, span: Span, err: unknown, failed: boolean): void {
  const end = reg._clock();
  span.end = end;
  const seconds = (end - span.start) / 1000;
  const func = span.func;
  func.current--;
  const prev = span._prev;
  const next = span._next;
  if (prev === undefined) reg._running = next;
  else prev._next = next;
  if (next !== undefined) next._prev = prev;
  span._prev = span._next = undefined;
  if (!failed) {
    func.success++;
    func.successTimes.observe(seconds);
  } else {
    span.error = err;
    if (isPanic(reg, err)) {
      span.panicked = true;
      func.panics++;
    } else {
      const name = nameError(err, reg._errorNamers);
      span.errorName = name;
      span.canceled = name === CANCELED;
      func._error(name);
    }
    func.failureTimes.observe(seconds);
  }
  if (span._otel !== undefined) endOtel(span);
  if (span._collectors !== undefined) reg._collect(span);
}

function isPanic(reg: Registry, err: unknown): boolean {
  try {
    return reg._isPanic(err) === true;
  } catch (e) {
    diag.error('@meterwork/tasks: isPanic threw; the failure is counted as an error', e);
    return false;
  }
}

function endOtel(span: Span): void {
  const otel = span._otel!;
  try {
    if (span.error !== undefined || span.panicked || span.errorName !== '') {
      const err = span.error;
      if (err instanceof Error) otel.recordException(err);
      otel.setAttribute('error.type', span.panicked ? 'panic' : span.errorName);
      otel.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
    }
    otel.end();
  } catch (e) {
    diag.error('@meterwork/tasks: ending the OTel span failed', e);
  }
}

/** The message of a thrown value: an Error's `message`, else `String(value)`. */
export function errorMessage(err: unknown): string {
  try {
    if (err instanceof Error) return err.message;
    return String(err);
  } catch {
    return '';
  }
}
