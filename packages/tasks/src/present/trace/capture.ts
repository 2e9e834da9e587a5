/**
 * Trace capture: wait for the next task that matches (by full name and/or
 * trace id), then collect it and every descendant that finishes until it
 * ends. The matched task is the root of the result.
 */
import { fullNameOf } from '../funcs';
import type { PresentFinishedSpan, PresentSource, PresentSpan } from '../types';

export interface TraceSelector {
  /** Matches the full name `scope.name` (searched, not anchored, as monkit). */
  readonly regex?: RegExp | undefined;
  readonly traceId?: number | undefined;
}

export function matches(selector: TraceSelector, span: { readonly scope: string; readonly name: string; readonly traceId?: number }): boolean {
  if (selector.traceId !== undefined && span.traceId !== selector.traceId) return false;
  if (selector.regex !== undefined && !selector.regex.test(fullNameOf(span))) return false;
  return true;
}

/**
 * Resolves with the captured spans (root first, then by start time), or with
 * `undefined` when `signal` aborts first (the client went away). The observer
 * is removed either way.
 */
export function captureTrace(source: PresentSource, selector: TraceSelector, signal: AbortSignal): Promise<PresentFinishedSpan[] | undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(undefined);
      return;
    }
    let root: PresentSpan | undefined;
    const members = new Set<number>();
    const collected: PresentFinishedSpan[] = [];
    // Set once observeSpans returns (an observer may be called before that).
    const subscription: { cancel?: () => void } = {};
    let done = false;
    const finish = (result: PresentFinishedSpan[] | undefined): void => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      subscription.cancel?.();
      resolve(result);
    };
    const onAbort = (): void => finish(undefined);
    signal.addEventListener('abort', onAbort);
    const observer = {
      start(span: PresentSpan): void {
        if (root === undefined) {
          if (!matches(selector, span)) return;
          root = span;
          members.add(span.id);
        } else if (span.parentId !== undefined && members.has(span.parentId)) {
          members.add(span.id);
        }
      },
      finish(span: PresentFinishedSpan): void {
        if (!members.has(span.id)) return;
        collected.push(span);
        if (span.id === root?.id) {
          const rootSpan = span;
          const rest = collected.filter((s) => s !== rootSpan).sort((a, b) => a.startMillis - b.startMillis || a.id - b.id);
          finish([rootSpan, ...rest]);
        }
      },
    };
    const cancel = source.observeSpans(observer);
    subscription.cancel = cancel;
    // The observer may have been called synchronously, finishing already.
    if (done) cancel();
  });
}
