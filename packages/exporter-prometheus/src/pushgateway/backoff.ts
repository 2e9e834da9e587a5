/**
 * The delay between two attempts of a push, cut short by `wake()`: a newer
 * export supersedes the push, or `forceFlush()`/`shutdown()` want it retried
 * at once. Its timer keeps the process alive only while `keepAlive` is set
 * (someone awaits a flush or shutdown): a periodic push retrying in the
 * background must not keep an application from exiting, but a process
 * awaiting `shutdown()` must not exit before the last push settled.
 */
export class Backoff {
  private timer: NodeJS.Timeout | undefined;
  private resolveSleep: (() => void) | undefined;
  private keepAlive = false;

  /** Resolves after `millis`, or at once on `wake()`. One sleep at a time (pushes run one after the other). */
  sleep(millis: number): Promise<void> {
    this.wake();
    if (millis <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.resolveSleep = resolve;
      this.timer = setTimeout(() => this.wake(), millis);
      if (!this.keepAlive) this.timer.unref();
    });
  }

  /** Ends the sleep under way, if any. */
  wake(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    const resolve = this.resolveSleep;
    this.timer = undefined;
    this.resolveSleep = undefined;
    resolve?.();
  }

  /** While set, a sleep keeps the event loop alive. */
  setKeepAlive(keepAlive: boolean): void {
    this.keepAlive = keepAlive;
    if (keepAlive) this.timer?.ref();
    else this.timer?.unref();
  }
}
