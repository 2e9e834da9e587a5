/** A fake clock, fake tor processes and a fake bootstrap for SupervisedTor's supervision logic. */
import type { ChildProcess } from 'child_process';
import { EventEmitter } from 'events';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { SupervisorRuntime, SupervisorTimers } from '../../src/tor/runtime';

interface Scheduled {
  readonly due: number;
  readonly seq: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/** Timers on a clock that moves only through `advance`. */
export class FakeTimers implements SupervisorTimers {
  now = 0;
  private _seq = 0;
  private readonly _queue: Scheduled[] = [];

  setTimeout(callback: () => void, millis: number): { unref(): void } {
    const entry: Scheduled = { due: this.now + millis, seq: this._seq++, callback, cancelled: false };
    this._queue.push(entry);
    return Object.assign({ unref: () => undefined }, { entry });
  }

  clearTimeout(timer: { unref?(): unknown } | undefined): void {
    const entry = (timer as { entry?: Scheduled } | undefined)?.entry;
    if (entry) entry.cancelled = true;
  }

  /** Pending (not cancelled, not run) timers. */
  get pending(): number {
    return this._queue.filter((e) => !e.cancelled).length;
  }

  /** Moves the clock, running due timers in order, letting promises settle after each. */
  async advance(millis: number): Promise<void> {
    const target = this.now + millis;
    for (;;) {
      await settle();
      const next = this._queue.filter((e) => !e.cancelled && e.due <= target).sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
      if (!next) break;
      next.cancelled = true;
      this.now = next.due;
      next.callback();
    }
    this.now = target;
    await settle();
  }
}

/** Lets pending promise chains and I/O callbacks run (no wall-clock time involved). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A tor process that exits when told, and on SIGTERM unless `ignoreSigterm`. */
export class FakeTor extends EventEmitter {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  readonly signals: string[] = [];
  ignoreSigterm = false;
  constructor(readonly pid: number) {
    super();
  }
  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.signals.push(signal);
    if (signal === 'SIGTERM' && this.ignoreSigterm) return true;
    setImmediate(() => this.exit(null, signal));
    return true;
  }
  exit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exitCode !== null || this.signalCode !== null) return;
    this.exitCode = code;
    this.signalCode = signal;
    this.emit('exit', code, signal);
  }
}

export interface FakeRuntime extends SupervisorRuntime {
  readonly timers: FakeTimers;
  /** Every tor spawned, in order. */
  readonly tors: FakeTor[];
  /** The next bootstraps: 'ok' reports 100% at once, 'exit' makes tor exit during start. @default 'ok' */
  readonly plan: ('ok' | 'exit')[];
}

export function fakeRuntime(): FakeRuntime {
  const timers = new FakeTimers();
  const tors: FakeTor[] = [];
  const plan: ('ok' | 'exit')[] = [];
  return {
    timers,
    tors,
    plan,
    random: () => 1, // no jitter: the delay is exactly the exponential one
    spawnTor: () => {
      const tor = new FakeTor(1000 + tors.length);
      tors.push(tor);
      return tor as unknown as ChildProcess;
    },
    bootstrap: async (child, report) => {
      if ((plan.shift() ?? 'ok') === 'exit') {
        (child as unknown as FakeTor).exit(1, null);
        return new Promise<number>(() => undefined); // the exit rejects the start
      }
      report({ progress: 50, tag: 'loading_descriptors', summary: 'Loading relay descriptors' });
      report({ progress: 100, tag: 'done', summary: 'Done' });
      return 9050;
    },
  };
}

export interface DiagLog {
  readonly lines: string[];
  restore(): void;
}

/** Every diag message as `<level> <text>`. */
export function captureDiagLines(): DiagLog {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  diag.setLogger(
    { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), verbose: at('verbose') },
    { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true },
  );
  return { lines, restore: () => diag.disable() };
}
