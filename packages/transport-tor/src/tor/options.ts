import { InvalidOptionError, type RetryOptions } from '@meterwork/core';
import { positiveIntegerOption, resolveRetryOptions, type ResolvedRetryOptions } from '@meterwork/core/internal';
import type { TorBootstrapStatus } from './bootstrap';

export const OWNER = 'SupervisedTor';

/** Options of {@link SupervisedTor.start}. */
export interface SupervisedTorOptions {
  /** The tor binary (a path, or a name looked up on PATH). @default 'tor' */
  readonly torPath?: string | undefined;
  /** tor's DataDirectory. @default a new temporary directory (mode 0700), removed by `stop()` */
  readonly dataDirectory?: string | undefined;
  /** tor's SocksPort on 127.0.0.1; a restart keeps the port first chosen. @default 'auto' (tor picks a free port) */
  readonly socksPort?: number | 'auto' | undefined;
  /** Extra torrc lines (bridges, `TestingTorNetwork` and `DirAuthority` for a private network, ...). @default [] */
  readonly torrcLines?: readonly string[] | undefined;
  /**
   * Keys for onion services with client authorisation: the service's address and the client's x25519
   * private key in base32 (as `meterwork-receiver keygen` prints it). Written to the DataDirectory's
   * `ClientOnionAuthDir`, so they survive restarts.
   * @default []
   */
  readonly onionClientAuth?: readonly OnionClientAuth[] | undefined;
  /** Bounds each start until bootstrap reaches 100%; a start that takes longer is killed and retried. @default 180000 */
  readonly bootstrapTimeoutMillis?: number | undefined;
  /**
   * Backoff between restarts after tor exits or fails to start (reset after `healthyAfterMillis` bootstrapped);
   * `maxRetryAfterMillis` is unused. @default { maxRetries: Infinity, initialDelayMillis: 1000, maxDelayMillis: 60000 }
   */
  readonly restart?: RetryOptions | undefined;
  /**
   * How long tor must stay bootstrapped before the restart backoff starts again from `initialDelayMillis`
   * (a tor that keeps crashing soon after bootstrap gets growing delays). @default 60000
   */
  readonly healthyAfterMillis?: number | undefined;
  /** How long `stop()` waits after SIGTERM before SIGKILL. @default 5000 */
  readonly stopTimeoutMillis?: number | undefined;
  /** Called on every bootstrap progress change (also emitted as the `bootstrap` event). @default none */
  readonly onBootstrap?: ((status: TorBootstrapStatus) => void) | undefined;
}

/** One onion service's client-authorisation key. */
export interface OnionClientAuth {
  /** `<56 characters>.onion` (or without `.onion`). */
  readonly address: string;
  /** x25519 private key, base32 (52 characters). */
  readonly privateKey: string;
}

export interface ResolvedSupervisedTorOptions {
  readonly onionClientAuth: readonly OnionClientAuth[];
  readonly torPath: string;
  readonly dataDirectory: string | undefined;
  readonly socksPort: number | 'auto';
  readonly torrcLines: readonly string[];
  readonly bootstrapTimeoutMillis: number;
  readonly restart: ResolvedRetryOptions;
  readonly healthyAfterMillis: number;
  readonly stopTimeoutMillis: number;
  readonly onBootstrap: ((status: TorBootstrapStatus) => void) | undefined;
}

const RESTART_DEFAULTS = { maxRetries: Infinity, initialDelayMillis: 1000, maxDelayMillis: 60000, maxRetryAfterMillis: 0 };

function stringOption(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new InvalidOptionError(OWNER, option, 'must be a non-empty string', value);
  if (/[\r\n]/.test(value)) throw new InvalidOptionError(OWNER, option, 'must not contain a line break', value);
  return value;
}

export function resolveSupervisedTorOptions(options: SupervisedTorOptions = {}): ResolvedSupervisedTorOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError(OWNER, 'options', 'must be an object', options);
  const socksPort = options.socksPort ?? 'auto';
  if (socksPort !== 'auto' && !(Number.isInteger(socksPort) && socksPort > 0 && socksPort < 65536))
    throw new InvalidOptionError(OWNER, 'socksPort', "must be 'auto' or a port number 1-65535", socksPort);
  const torrcLines = options.torrcLines ?? [];
  if (!Array.isArray(torrcLines)) throw new InvalidOptionError(OWNER, 'torrcLines', 'must be an array of strings', torrcLines);
  torrcLines.forEach((line, i) => stringOption(`torrcLines[${i}]`, line));
  if (options.onBootstrap !== undefined && typeof options.onBootstrap !== 'function')
    throw new InvalidOptionError(OWNER, 'onBootstrap', 'must be a function', options.onBootstrap);
  const onionClientAuth = options.onionClientAuth ?? [];
  if (!Array.isArray(onionClientAuth)) throw new InvalidOptionError(OWNER, 'onionClientAuth', 'must be an array of { address, privateKey }', onionClientAuth);
  onionClientAuth.forEach((a: OnionClientAuth, i) => {
    if (typeof a?.address !== 'string' || !/^[a-z2-7]{56}(\.onion)?$/.test(a.address))
      throw new InvalidOptionError(OWNER, `onionClientAuth[${i}].address`, 'must be a v3 onion address', a?.address);
    if (typeof a.privateKey !== 'string' || !/^[A-Za-z2-7]{52}$/.test(a.privateKey))
      throw new InvalidOptionError(OWNER, `onionClientAuth[${i}].privateKey`, 'must be a base32 x25519 private key (52 characters)', '<redacted>');
  });
  return {
    onionClientAuth,
    torPath: stringOption('torPath', options.torPath) ?? 'tor',
    dataDirectory: stringOption('dataDirectory', options.dataDirectory),
    socksPort,
    torrcLines,
    bootstrapTimeoutMillis: positiveIntegerOption(OWNER, 'bootstrapTimeoutMillis', options.bootstrapTimeoutMillis, 180000),
    restart: resolveRetryOptions(OWNER, 'restart', options.restart, RESTART_DEFAULTS),
    healthyAfterMillis: positiveIntegerOption(OWNER, 'healthyAfterMillis', options.healthyAfterMillis, 60000),
    stopTimeoutMillis: positiveIntegerOption(OWNER, 'stopTimeoutMillis', options.stopTimeoutMillis, 5000),
    onBootstrap: options.onBootstrap,
  };
}
