/**
 * Starts and supervises the system `tor`: its own DataDirectory, automatic
 * ports read back from tor, cookie authentication on the control port,
 * bootstrap progress (diag + `bootstrap` event), restart with backoff when it
 * exits, clean stop (SIGTERM, SIGKILL after a grace period). tor exits with
 * this process (`__OwningControllerProcess`) and with our control connection
 * (`TAKEOWNERSHIP`), so nothing is left running.
 */
import type { ChildProcess } from 'child_process';
import { EventEmitter } from 'events';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { diag } from '@opentelemetry/api';
import { retryDelayMillis } from '@meterwork/core/internal';
import { TorControlConnection, type TorControlEvent } from '../control/TorControlConnection';
import { clientAuthPrivateLine } from '../onion/clientAuth';
import { parseBootstrapStatus, type TorBootstrapStatus } from './bootstrap';
import { OWNER, resolveSupervisedTorOptions, type ResolvedSupervisedTorOptions, type SupervisedTorOptions } from './options';
import { PRODUCTION_RUNTIME, type SupervisorRuntime, type SupervisorTimers } from './runtime';
import { hasExited, stopProcess } from './stopProcess';
import { buildTorrc, parseListenerPort } from './torrc';

/** `starting`: launching or bootstrapping; `ready`: bootstrapped 100%; `down`: exited, restart pending; `stopped`: after `stop()` or when restarts are exhausted. */
export type TorState = 'starting' | 'ready' | 'down' | 'stopped';

const LOG = `@meterwork/transport-tor ${OWNER}`;

/**
 * A supervised tor process. Events: `bootstrap` (TorBootstrapStatus),
 * `ready` (bootstrapped, after a start or restart), `down` ({ code, signal }),
 * `restarting` ({ attempt, delayMillis }), `stopped`.
 */
export class SupervisedTor extends EventEmitter {
  private _state: TorState = 'starting';
  private _child: ChildProcess | undefined;
  private _control: TorControlConnection | undefined;
  private _controlPort: number | undefined;
  private _socksPort: number | 'auto';
  private _output = '';
  private _lastProgress = -1;
  private _bootstrap: TorBootstrapStatus | undefined;
  private _onReady: (() => void) | undefined;
  private _attempt = 0;
  private _restarts = 0;
  private _restartTimer: ReturnType<SupervisorTimers['setTimeout']> | undefined;
  private _healthyTimer: ReturnType<SupervisorTimers['setTimeout']> | undefined;
  private _stopping: Promise<void> | undefined;
  private readonly _dir: string;
  private readonly _ownsDir: boolean;

  private constructor(
    private readonly _options: ResolvedSupervisedTorOptions,
    private readonly _runtime: SupervisorRuntime,
  ) {
    super();
    this._socksPort = _options.socksPort;
    this._ownsDir = _options.dataDirectory === undefined;
    this._dir = _options.dataDirectory ?? fs.mkdtempSync(path.join(os.tmpdir(), 'meterwork-tor-'));
    fs.mkdirSync(this._dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(this._dir, 0o700); // tor refuses a DataDirectory others can read
  }

  /** Starts tor and resolves once it has bootstrapped 100%; rejects (nothing left running) if that first start fails. */
  static start(options: SupervisedTorOptions = {}): Promise<SupervisedTor> {
    return SupervisedTor._startWith(options, PRODUCTION_RUNTIME);
  }

  /** @internal `start` with injected timers, spawn and bootstrap (tests of the supervision logic). */
  static async _startWith(options: SupervisedTorOptions, runtime: SupervisorRuntime): Promise<SupervisedTor> {
    const tor = new SupervisedTor(resolveSupervisedTorOptions(options), runtime);
    try {
      await tor._launch();
    } catch (error) {
      await tor.stop();
      throw error;
    }
    return tor;
  }

  get state(): TorState {
    return this._state;
  }

  /** The SOCKS port on 127.0.0.1 (kept across restarts). */
  get socksPort(): number {
    if (this._socksPort === 'auto') throw new Error(`${LOG}: no SOCKS port yet`);
    return this._socksPort;
  }

  /** The control port of the running tor (a new one after each restart), if connected. */
  get controlPort(): number | undefined {
    return this._controlPort;
  }

  /** The PID of the running tor, if any. */
  get pid(): number | undefined {
    return this._child && !hasExited(this._child) ? this._child.pid : undefined;
  }

  /** Restarts after tor exited (successful ones). */
  get restarts(): number {
    return this._restarts;
  }

  /** The last bootstrap status tor reported. */
  get bootstrapStatus(): TorBootstrapStatus | undefined {
    return this._bootstrap;
  }

  get dataDirectory(): string {
    return this._dir;
  }

  /** Last lines tor printed (for error messages). */
  get output(): string {
    return this._output;
  }

  /** Stops tor (SIGTERM, then SIGKILL after `stopTimeoutMillis`), cancels restarts, removes an own DataDirectory. */
  stop(): Promise<void> {
    this._stopping ??= (async () => {
      this._state = 'stopped';
      this._runtime.timers.clearTimeout(this._restartTimer);
      this._runtime.timers.clearTimeout(this._healthyTimer);
      this._control?.close();
      if (this._child) await stopProcess(this._child, this._options.stopTimeoutMillis, this._runtime.timers);
      if (this._ownsDir) fs.rmSync(this._dir, { recursive: true, force: true });
      this.emit('stopped');
    })();
    return this._stopping;
  }

  private _file(name: string): string {
    return path.join(this._dir, name);
  }

  /** One start: spawn, connect, take ownership, learn the SOCKS port, wait for 100%. Kills tor on failure. */
  private async _launch(): Promise<void> {
    this._state = 'starting';
    this._lastProgress = -1;
    const controlPortFile = this._file('control-port');
    fs.rmSync(controlPortFile, { force: true });
    const authDir = this._file('onion-auth');
    fs.mkdirSync(authDir, { recursive: true, mode: 0o700 });
    this._options.onionClientAuth.forEach((a, i) =>
      fs.writeFileSync(path.join(authDir, `${i}.auth_private`), clientAuthPrivateLine(a.address, { privateKey: a.privateKey.toUpperCase() }) + '\n', {
        mode: 0o600,
      }),
    );
    const torrcPath = this._file('torrc');
    fs.writeFileSync(
      torrcPath,
      buildTorrc({
        dataDirectory: this._dir,
        socksPort: this._socksPort,
        controlPortFile,
        cookieFile: this._file('control_auth_cookie'),
        ownerPid: process.pid,
        extraLines: [`ClientOnionAuthDir ${authDir}`, ...this._options.torrcLines],
      }),
    );
    const child = this._runtime.spawnTor(this._options.torPath, ['-f', torrcPath, '--ignore-missing-torrc']);
    this._child = child;
    const keep = (chunk: Buffer) => {
      this._output = (this._output + chunk.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let failed: ((error: Error) => void) | undefined;
    const failure = new Promise<never>((_, reject) => (failed = reject));
    failure.catch(() => undefined);
    child.on('error', (error) => failed?.(new Error(`${LOG}: cannot run ${this._options.torPath}: ${error.message}`)));
    child.on('exit', (code, signal) => {
      failed?.(new Error(`${LOG}: tor exited during start (code ${code}, signal ${signal}):\n${this._output}`));
      this._onExit(child, code, signal);
    });
    const deadline = Date.now() + this._options.bootstrapTimeoutMillis;
    const timers = this._runtime.timers;
    let timer: ReturnType<SupervisorTimers['setTimeout']> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = timers.setTimeout(
        () =>
          reject(
            new Error(
              `${LOG}: tor did not bootstrap within ${this._options.bootstrapTimeoutMillis} ms (last: ${JSON.stringify(this._bootstrap)}):\n${this._output}`,
            ),
          ),
        this._options.bootstrapTimeoutMillis,
      );
      timer.unref?.();
    });
    const bootstrap = this._runtime.bootstrap;
    const started = bootstrap
      ? bootstrap(child, (status) => this._reportBootstrap(status)).then((port) => void (this._socksPort = port))
      : this._connectAndBootstrap(controlPortFile, deadline, child);
    try {
      await Promise.race([started, failure, timeout]);
    } catch (error) {
      this._control?.close();
      await stopProcess(child, this._options.stopTimeoutMillis, timers);
      throw error;
    } finally {
      timers.clearTimeout(timer);
      failed = undefined;
    }
  }

  private async _connectAndBootstrap(controlPortFile: string, deadline: number, child: ChildProcess): Promise<void> {
    let port: number | undefined;
    while ((port = readControlPort(controlPortFile)) === undefined) {
      if (hasExited(child) || Date.now() > deadline) return; // the race reports it
      await new Promise((r) => setTimeout(r, 50));
    }
    this._controlPort = port;
    const control = await TorControlConnection.open({ port }, { cookieFile: this._file('control_auth_cookie') });
    this._control = control;
    await control.takeOwnership();
    const socksPort = parseListenerPort(await control.getInfo('net/listeners/socks'));
    if (socksPort === undefined) throw new Error(`${LOG}: tor reports no SOCKS listener`);
    this._socksPort = socksPort;
    const ready = new Promise<void>((resolve) => (this._onReady = resolve));
    control.on('event', (event: TorControlEvent) => {
      const status = parseBootstrapStatus(event.lines[0] ?? '');
      if (status) this._reportBootstrap(status);
    });
    await control.setEvents(['STATUS_CLIENT']);
    const status = parseBootstrapStatus(`BOOTSTRAP ${await control.getInfo('status/bootstrap-phase')}`);
    if (status) this._reportBootstrap(status);
    await ready;
  }

  private _reportBootstrap(status: TorBootstrapStatus): void {
    this._bootstrap = status;
    if (status.warning !== undefined) diag.warn(`${LOG}: bootstrap problem at ${status.progress}%: ${status.warning}`);
    if (status.progress === this._lastProgress) return;
    this._lastProgress = status.progress;
    diag.info(`${LOG}: tor bootstrap ${status.progress}% (${status.summary})`);
    this._options.onBootstrap?.(status);
    this.emit('bootstrap', status);
    if (status.progress === 100 && this._state === 'starting') {
      this._state = 'ready';
      // The backoff resets only once tor has stayed up for a while: a tor that crashes right after each
      // bootstrap would otherwise be restarted every initialDelayMillis forever.
      this._runtime.timers.clearTimeout(this._healthyTimer);
      this._healthyTimer = this._runtime.timers.setTimeout(() => (this._attempt = 0), this._options.healthyAfterMillis);
      this._healthyTimer.unref?.();
      this._onReady?.();
      this.emit('ready');
    }
  }

  private _onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this._child || this._state !== 'ready') return; // a failed start is handled by its caller
    this._runtime.timers.clearTimeout(this._healthyTimer);
    this._control?.close();
    this._state = 'down';
    this.emit('down', { code, signal });
    this._scheduleRestart(`tor exited (code ${code}, signal ${signal})`);
  }

  private _scheduleRestart(reason: string): void {
    if (this._stopping) return;
    this._attempt++;
    if (this._attempt > this._options.restart.maxRetries) {
      diag.error(
        `${LOG}: ${reason}; giving up after ${this._options.restart.maxRetries} restarts. Exports stay buffered (up to the exporter's bound); no direct connection is made.`,
      );
      this._state = 'stopped';
      this.emit('stopped');
      return;
    }
    const delayMillis = retryDelayMillis(this._attempt, undefined, this._options.restart, () => this._runtime.random());
    diag.warn(
      `${LOG}: ${reason}; restart ${this._attempt} in ${Math.round(delayMillis)} ms. Exports stay buffered (up to the exporter's bound) meanwhile; no direct connection is made.`,
    );
    this._state = 'down';
    this.emit('restarting', { attempt: this._attempt, delayMillis });
    this._restartTimer = this._runtime.timers.setTimeout(() => {
      if (this._stopping) return;
      this._launch().then(
        () => {
          this._restarts++;
          diag.info(`${LOG}: tor restarted on SOCKS port ${String(this._socksPort)}; exports resume`);
        },
        (error: Error) => this._scheduleRestart(`restart failed: ${error.message}`),
      );
    }, delayMillis);
    this._restartTimer.unref?.();
  }
}

function readControlPort(file: string): number | undefined {
  try {
    return parseListenerPort(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
