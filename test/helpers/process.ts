/**
 * Starting real servers (Prometheus, Pushgateway, influxd, VictoriaMetrics,
 * tor) as child processes for integration tests: temp dirs, free loopback
 * ports, readiness polling, stop by PID (SIGTERM, then SIGKILL).
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { recordSkip } from './skips';

/** Absolute path of a binary on PATH (or in the usual sbin dirs), or undefined. */
export function findBinary(name: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin', '/sbin', '/usr/local/bin']);
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      /* keep looking */
    }
  }
  return undefined;
}

/** The Debian package that installs each server binary the tests start. */
const DEBIAN_PACKAGES: Readonly<Record<string, string>> = { promtool: 'prometheus', influxd: 'influxdb', tor: 'tor', 'tor-gencert': 'tor' };

/**
 * Returns the binary's path. A missing binary fails the run when `CI` is set;
 * locally it returns undefined and records the skip (listed at the end of the run) so the caller can skip.
 */
export function requireBinary(name: string): string | undefined {
  const found = findBinary(name);
  if (found) return found;
  const msg = `server binary '${name}' not found (install the Debian package ${DEBIAN_PACKAGES[name] ?? name}; .ci/run does)`;
  if (process.env.CI) throw new Error(msg);
  recordSkip(msg);
  return undefined;
}

/** `describe` when every binary is there, `describe.skip` (loudly) otherwise; in CI a missing binary throws. */
export function describeWithBinaries(names: string[]): jest.Describe {
  return names.every((n) => requireBinary(n) !== undefined) ? describe : describe.skip;
}

/** A free TCP port on 127.0.0.1 (bind to 0, read it back, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `meterwork-${prefix}-`));
}

export interface RunningProcess {
  readonly child: ChildProcess;
  readonly name: string;
  /** Last output lines, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export function startProcess(name: string, command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): RunningProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffer = '';
  const keep = (chunk: Buffer) => {
    buffer = (buffer + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    name,
    output: () => buffer,
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<void>, graceMillis = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), graceMillis).unref())]);
  if (timedOut) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Polls `check` until it resolves true, or throws after `timeoutMillis`. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMillis = 30000, proc?: RunningProcess): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    if (proc && (proc.child.exitCode !== null || proc.child.signalCode !== null)) {
      throw new Error(`${proc.name} exited before ${what}:\n${proc.output()}`);
    }
    try {
      if (await check()) return;
    } catch {
      /* not ready yet */
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${proc ? `:\n${proc.output()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs a command synchronously and returns its exit status and output. */
export function runSync(command: string, args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
