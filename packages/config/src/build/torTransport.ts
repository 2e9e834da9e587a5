import type * as TransportTor from '@meterwork/transport-tor';
import { InvalidOptionError } from '@meterwork/core';
import type { ConfigProblem } from '../file/ConfigFileError';
import type { ReaderConfig, RetryConfig, TorConfig } from '../model/types';
import { PEER_PACKAGES, requirePeer } from './peers';

/** The transports the exporters of the block can name (`transport: tor`), started before the readers are built. */
export interface Transports {
  readonly tor?: TransportTor.TorTransport | undefined;
}

/** `distribution.meterwork.tor` as `TorTransportOptions` (1:1; `restart.max_retries: "Infinity"` is `Infinity`). */
export function torTransportOptions(config: TorConfig): TransportTor.TorTransportOptions {
  const restart = (retry: RetryConfig | undefined): object =>
    retry === undefined ? {} : { restart: { ...retry, ...(retry.maxRetries === 'Infinity' ? { maxRetries: Infinity } : {}) } };
  return {
    ...(config.attach === undefined ? {} : { attach: config.attach }),
    ...(config.tor === undefined ? {} : { tor: { ...config.tor, ...restart(config.tor.restart) } as TransportTor.SupervisedTorOptions }),
    ...(config.anonymous === undefined ? {} : { anonymous: config.anonymous }),
  };
}

/** The readers whose exporter says `transport: tor`, as `[pointer of the key, ...]`. */
function torUsers(readers: readonly ReaderConfig[], basePath: string): string[] {
  const users: string[] = [];
  readers.forEach((r, i) => {
    if (!('periodic' in r)) return;
    for (const [name, config] of Object.entries(r.periodic.exporter as Record<string, unknown>)) {
      if ((config as { transport?: unknown } | null)?.transport === 'tor') users.push(`${basePath}/readers/${i}/periodic/exporter/${name}/transport`);
    }
  });
  return users;
}

/**
 * Starts the `tor` transport when an exporter names it (a `tor` block no
 * exporter uses starts nothing). Problems: `transport: tor` without a `tor`
 * block, @meterwork/transport-tor not installed, options it rejects, a tor
 * that does not start.
 */
export async function startTransports(
  tor: TorConfig | undefined,
  readers: readonly ReaderConfig[],
  basePath: string,
  problems: ConfigProblem[],
): Promise<Transports> {
  const users = torUsers(readers, basePath);
  if (users.length === 0) return {};
  if (tor === undefined) {
    for (const path of users) problems.push({ path, message: 'names the tor transport, but distribution.meterwork has no tor block' });
    return {};
  }
  const path = `${basePath}/tor`;
  let TorTransport: typeof TransportTor.TorTransport;
  try {
    ({ TorTransport } = requirePeer<typeof TransportTor>(PEER_PACKAGES.transportTor));
  } catch (error) {
    problems.push({ path, message: (error as Error).message });
    return {};
  }
  try {
    return { tor: await TorTransport.start(torTransportOptions(tor)) };
  } catch (error) {
    if (error instanceof InvalidOptionError) {
      problems.push({
        path: `${path}/${error.option.replace(/\./g, '/').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`,
        message: error.message.replace(/^TorTransport: option "[^"]*" /, ''),
      });
    } else {
      problems.push({ path, message: `tor did not start: ${(error as Error)?.message ?? String(error)}` });
    }
    return {};
  }
}
