import type { FinishedSpan, Span } from '../span/Span';

/** What to watch for: at least one of `regex` and `traceId`. */
export interface TraceFilter {
  /** Matches the full name `<scope>.<name>` of the root: the first span started after subscribing whose function matches. */
  readonly regex?: RegExp | undefined;
  /** Only a span of this trace can be the root (with `regex`: the first of the trace that matches; without: the first of the trace started after subscribing). */
  readonly traceId?: number | undefined;
}

/** Receives one captured trace: the matched span, finished, with every descendant that finished before it. */
export type TraceObserver = (root: FinishedSpan) => void;

/** @internal One subscription of `Registry.observeTraces`. */
export interface TraceSubscription {
  readonly filter: TraceFilter;
  readonly observer: TraceObserver;
  readonly once: boolean;
  /** A collection under way (once: at most one). */
  active: number;
  closed: boolean;
}

/**
 * @internal Collects the finished spans of one matched root: every span
 * started under the root inherits the collector, and adds itself when it
 * ends. Children of a span that ends after the root are not in the trace.
 */
export class TraceCollector {
  /** Finished spans by parent id. */
  private readonly _children = new Map<number, FinishedSpan[]>();

  constructor(
    readonly root: Span,
    readonly subscription: TraceSubscription,
  ) {}

  /** Adds a finished span; answers the whole trace when `span` is the root. */
  add(span: Span, message: string, origin: number): FinishedSpan | undefined {
    const children = this._children.get(span.id) ?? [];
    children.sort(byStart);
    this._children.delete(span.id);
    const info: FinishedSpan = {
      id: span.id,
      parentId: span.parent?.id,
      traceId: span.traceId,
      funcId: span.func.id,
      scope: span.func.scope.name,
      name: span.func.name,
      start: origin + span.start,
      args: span.args,
      annotations: span.annotations.slice(),
      orphaned: span.parent !== undefined && span.parent.finished,
      finish: origin + span.end,
      duration: span.end - span.start,
      error: span.error,
      errorMessage: message,
      errorName: span.errorName,
      panicked: span.panicked,
      canceled: span.canceled,
      children,
    };
    if (span === this.root) return info;
    const parentId = span.parent!.id;
    let siblings = this._children.get(parentId);
    if (siblings === undefined) this._children.set(parentId, (siblings = []));
    siblings.push(info);
    return undefined;
  }
}

function byStart(a: FinishedSpan, b: FinishedSpan): number {
  return a.start - b.start || a.id - b.id;
}
