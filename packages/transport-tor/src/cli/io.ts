/** Where the CLI writes, and how it exits: injected so that tests run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Resolves when the process should stop (SIGINT/SIGTERM in the real CLI). */
  readonly stopSignal: Promise<string>;
}

/** Exit codes: 0 done, 1 runtime failure (tor or the upstream unreachable, ...), 2 usage error. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** A bad command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `host:port` or `port` -> { host, port }. */
export function parseHostPort(option: string, text: string, defaultHost = '127.0.0.1'): { host: string; port: number } {
  const m = /^(?:\[?([^\]]*?)\]?:)?(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new UsageError(`--${option} must be [host:]port, got ${JSON.stringify(text)}`);
  return { host: m[1] || defaultHost, port };
}

/** A positive integer option value. */
export function parsePositiveInteger(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) <= 0) throw new UsageError(`--${option} must be a positive integer, got ${JSON.stringify(text)}`);
  return Number(text);
}
