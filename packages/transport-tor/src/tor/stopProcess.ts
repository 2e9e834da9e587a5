import type { ChildProcess } from 'child_process';
import { NODE_TIMERS, type SupervisorTimers } from './runtime';

/** True once the child exited or was killed. */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * SIGTERM, then SIGKILL after `graceMillis`: tor 0.4.9 sometimes deadlocks in
 * its cpuworker cleanup after SIGTERM (~7% of teardowns in FIELD-NOTES.md).
 * Resolves once the child has exited.
 */
export async function stopProcess(child: ChildProcess, graceMillis: number, timers: SupervisorTimers = NODE_TIMERS): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  let timer: ReturnType<SupervisorTimers['setTimeout']> | undefined;
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = timers.setTimeout(() => resolve(true), graceMillis);
      timer.unref?.();
    }),
  ]);
  timers.clearTimeout(timer);
  if (timedOut && !hasExited(child)) {
    child.kill('SIGKILL');
    await exited;
  }
}
