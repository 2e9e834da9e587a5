/**
 * What {@link SupervisedTor} needs from the outside world, injectable so the
 * supervision logic (backoff, healthy-period reset, SIGTERM/SIGKILL) is tested
 * on a fake clock without a real tor. Production uses the real ones.
 */
import { spawn, type ChildProcess } from 'child_process';
import type { TorBootstrapStatus } from './bootstrap';

/** The timer functions the supervisor uses (Node's by default). */
export interface SupervisorTimers {
  setTimeout(callback: () => void, millis: number): { unref?(): unknown };
  clearTimeout(timer: { unref?(): unknown } | undefined): void;
}

export interface SupervisorRuntime {
  readonly timers: SupervisorTimers;
  /** Jitter of the restart backoff, in [0, 1). */
  random(): number;
  /** Starts the tor process. */
  spawnTor(torPath: string, args: readonly string[]): ChildProcess;
  /**
   * Replaces the control-port handshake (connect, take ownership, read the SOCKS port, wait for bootstrap):
   * resolves once `report` was given progress 100. Undefined: the real handshake.
   */
  readonly bootstrap?: ((child: ChildProcess, report: (status: TorBootstrapStatus) => void) => Promise<number>) | undefined;
}

export const NODE_TIMERS: SupervisorTimers = {
  setTimeout: (callback, millis) => setTimeout(callback, millis),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout | undefined),
};

export const PRODUCTION_RUNTIME: SupervisorRuntime = {
  timers: NODE_TIMERS,
  random: Math.random,
  spawnTor: (torPath, args) => spawn(torPath, args, { stdio: ['ignore', 'pipe', 'pipe'] }),
};
