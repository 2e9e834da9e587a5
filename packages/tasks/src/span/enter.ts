import type { Span } from './Span';
import { storage } from './current';

/**
 * Runs `fn` with `span` as the current task in the async context.
 *
 * On Node's async_hooks-based AsyncLocalStorage (Node 20, and 22 without
 * async context frames) `run` reads the current store first (`getStore`,
 * ~37 ns) and passes the arguments through a rest array; the caller knows
 * the current store already (the parent), so setting and restoring it with
 * `enterWith` is the same operation without that cost (measured ~40 ns less
 * per call). With async context frames (Node 24), `enterWith` would make a
 * new frame per call and not restore other stores' frames: `run` is used.
 * @internal
 */
export const FAST_ENTER: boolean = Object.prototype.hasOwnProperty.call(storage, 'kResourceStore') && typeof storage.enterWith === 'function';

/** @internal Which way `callIn` enters (tests run both on one Node). */
export const enterMode = { fast: FAST_ENTER };

/**
 * @internal Calls `fn.apply(self, args)` with `span` current, then makes
 * `parent` current again. `parentFromStore`: `parent` was read from the
 * store just now (`getStore`), so restoring it is exact; a parent taken from
 * the synchronous-frame shortcut may not be the current resource's store
 * (code inside a task can enter another async resource synchronously, e.g.
 * `AsyncResource.runInAsyncScope`), so then `run` restores what was there.
 */
export function callIn(
  span: Span,
  parent: Span | undefined,
  parentFromStore: boolean,
  fn: (...args: unknown[]) => unknown,
  self: unknown,
  args: ArrayLike<unknown>,
): unknown {
  if (!enterMode.fast || !parentFromStore) return storage.run(span, () => fn.apply(self, args as unknown[]));
  storage.enterWith(span);
  try {
    return fn.apply(self, args as unknown[]);
  } finally {
    storage.enterWith(parent as Span);
  }
}
