/**
 * Trace capture for one request: the source's trace observation, ended
 * early when the client goes away.
 */
import type { PresentFinishedSpan, PresentSource, TraceSelector } from '../types';

/**
 * Resolves with the captured spans (root first), or with `undefined` when
 * `signal` aborts first (the client went away). The observation is stopped
 * either way.
 */
export function captureTrace(source: PresentSource, selector: TraceSelector, signal: AbortSignal): Promise<PresentFinishedSpan[] | undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(undefined);
      return;
    }
    // Set once observeTrace returns (the observer may be called before that).
    const subscription: { stop?: () => void; done: boolean } = { done: false };
    const finish = (result: PresentFinishedSpan[] | undefined): void => {
      if (subscription.done) return;
      subscription.done = true;
      signal.removeEventListener('abort', onAbort);
      subscription.stop?.();
      resolve(result);
    };
    const onAbort = (): void => finish(undefined);
    signal.addEventListener('abort', onAbort);
    const stop = source.observeTrace(selector, (spans) => finish(spans));
    subscription.stop = stop;
    if (subscription.done) stop();
  });
}
