/**
 * The `http.Agent` every export goes through: tor's SOCKS port with remote
 * name resolution (socks5h), so `.onion` names work and no DNS query leaves
 * the process. It never connects anywhere else: while tor is down, requests
 * fail (the exporter keeps its buffer and retries), they never go direct.
 */
import type * as http from 'http';
import { InvalidOptionError } from '@meterwork/core';
import { TorSocksAgent } from './TorSocksAgent';

/** Options of {@link createTorAgent}. */
export interface TorAgentOptions {
  /** tor's SOCKS port. */
  readonly socksPort: number;
  /** Where tor's SOCKS port listens. @default '127.0.0.1' */
  readonly socksHost?: string | undefined;
  /**
   * SOCKS username and password: with tor's `IsolateSOCKSAuth`
   * (on by default) requests with different credentials never share a circuit.
   * Use one per session. @default undefined (no credentials: tor's default circuit isolation)
   */
  readonly isolation?: string | undefined;
  /** Keep connections open between requests (through the same circuit). @default true */
  readonly keepAlive?: boolean | undefined;
}

/**
 * An `http.Agent` through tor's SOCKS port (socks5h). A request that tor cannot connect fails with a
 * `TorSocksError` naming the destination, tor's reply code in words (e.g. 0xF4: the onion service requires
 * client authorisation) and what to do; the same text goes to diag once per destination and failure.
 */
export function createTorAgent(options: TorAgentOptions): http.Agent {
  const { socksPort, socksHost = '127.0.0.1', isolation, keepAlive = true } = options;
  if (!Number.isInteger(socksPort) || socksPort <= 0 || socksPort > 65535)
    throw new InvalidOptionError('createTorAgent', 'socksPort', 'must be a port number 1-65535', socksPort);
  if (typeof socksHost !== 'string' || socksHost === '') throw new InvalidOptionError('createTorAgent', 'socksHost', 'must be a non-empty string', socksHost);
  if (isolation !== undefined && (typeof isolation !== 'string' || isolation === ''))
    throw new InvalidOptionError('createTorAgent', 'isolation', 'must be a non-empty string', isolation);
  const credentials = isolation !== undefined ? `${encodeURIComponent(isolation)}:${encodeURIComponent(isolation)}@` : '';
  const host = socksHost.includes(':') ? `[${socksHost}]` : socksHost;
  return new TorSocksAgent(`socks5h://${credentials}${host}:${socksPort}`, { keepAlive });
}
