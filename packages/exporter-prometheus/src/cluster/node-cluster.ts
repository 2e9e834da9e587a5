import type { Cluster } from 'cluster';

let loaded: Cluster | undefined;

/**
 * Node's `cluster` module, loaded on first use: some application servers
 * (Passenger) crash when it is merely imported, and most users of this
 * package never touch cluster aggregation (prom-client loads it lazily too).
 */
export function nodeCluster(): Cluster {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load (see above); `import()` would make this async
  loaded ??= require('cluster') as Cluster;
  return loaded;
}
