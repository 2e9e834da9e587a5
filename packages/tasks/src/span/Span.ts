import type { Span as OtelSpan } from '@opentelemetry/api';
import type { Func } from '../func/Func';
import type { TraceCollector } from '../trace/TraceCollector';

/**
 * One call of an instrumented function (monkit's `Span`). Running spans are
 * listed by `Registry.runningSpans()`; finished ones reach trace observers
 * (`Registry.observeTraces`) as {@link FinishedSpan}s.
 */
export class Span {
  /** @internal Running-list links (intrusive: no allocation per call). */
  _prev: Span | undefined = undefined;
  /** @internal */
  _next: Span | undefined = undefined;
  /** @internal The trace collections this span belongs to (trace observers), shared with its parent. */
  _collectors: readonly TraceCollector[] | undefined = undefined;
  /** @internal The OTel span of this task, when the task makes one. */
  _otel: OtelSpan | undefined = undefined;
  /** @internal */
  _annotations: Array<[string, string]> | undefined = undefined;
  /** Clock time (ms, the registry's clock) when the call ended; NaN while it runs. */
  end = NaN;
  /** The thrown or rejected value of a failed call. */
  error: unknown = undefined;
  /** The error's name (see `RegistryOptions.errorNamers`), '' unless the call failed with a non-panic. */
  errorName = '';
  /** Whether the call failed with a panic. */
  panicked = false;
  /** Whether the call failed with an error named `Canceled`. */
  canceled = false;

  constructor(
    /** Unique in its registry, a positive integer below 2^53. */
    readonly id: number,
    /** The trace (the root span's tree) this span belongs to; below 2^53. */
    readonly traceId: number,
    /** The task that was current when this one started, if any. */
    readonly parent: Span | undefined,
    /** The instrumented function. */
    readonly func: Func,
    /** Clock time (ms, `RegistryOptions.clock`) when the call started. */
    readonly start: number,
    /** The call's arguments when the task records them (`TaskOptions.recordArgs`), else undefined. */
    readonly args: readonly unknown[] | undefined,
  ) {}

  /** Whether the call has ended. */
  get finished(): boolean {
    return this.end === this.end;
  }

  /** Whether the parent span ended while this one still ran (monkit's `orphaned`). */
  get orphaned(): boolean {
    return this.parent !== undefined && this.parent.finished;
  }

  /** Key/value notes shown with the span (`/ps`, traces), in the order added. */
  get annotations(): ReadonlyArray<readonly [string, string]> {
    return this._annotations ?? NO_ANNOTATIONS;
  }

  /** Adds a note to this span (and to its OTel span as an attribute, if any). */
  annotate(key: string, value: string): void {
    (this._annotations ??= []).push([String(key), String(value)]);
    this._otel?.setAttribute(String(key), String(value));
  }
}

const NO_ANNOTATIONS: ReadonlyArray<readonly [string, string]> = Object.freeze([]);

/**
 * A span as observed: a plain snapshot, safe to keep and serialize (the
 * function is named, not referenced). `start` and `finish` are Unix times
 * in ms (the registry's clock plus `clockOriginMillis`), with
 * sub-millisecond precision by default.
 */
export interface SpanInfo {
  readonly id: number;
  /** Undefined for a root span. */
  readonly parentId: number | undefined;
  readonly traceId: number;
  readonly funcId: number;
  /** The scope's name (monkit's package). */
  readonly scope: string;
  /** The function's name. */
  readonly name: string;
  /** Unix time (ms) when the call started. */
  readonly start: number;
  /** The call's arguments, when recorded. */
  readonly args: readonly unknown[] | undefined;
  readonly annotations: ReadonlyArray<readonly [string, string]>;
  /** Whether the parent ended while this span ran (for a finished span: before this one ended). */
  readonly orphaned: boolean;
  /** Child spans, sorted by start time, then id. */
  readonly children: readonly SpanInfo[];
}

/** A running span, as `Registry.runningSpans()` lists it. */
export interface RunningSpan extends SpanInfo {
  /** ms since the start, at the time of the listing. */
  readonly elapsed: number;
  readonly children: readonly RunningSpan[];
}

/** A finished span, as a trace observer receives it. */
export interface FinishedSpan extends SpanInfo {
  /** Unix time (ms) when the call ended. */
  readonly finish: number;
  /** `finish - start`, ms. */
  readonly duration: number;
  /** The thrown or rejected value of a failed call, else undefined. */
  readonly error: unknown;
  /** The error's message (`String(value)` for a non-Error), '' on success. */
  readonly errorMessage: string;
  /** The error name counted in `Func.errors()`, '' unless it failed with a non-panic. */
  readonly errorName: string;
  readonly panicked: boolean;
  readonly canceled: boolean;
  readonly children: readonly FinishedSpan[];
}
