import { metrics } from '@opentelemetry/api';
import type { Meterwork, WrappedMeterProvider } from '@meterwork/core';
import type { BuiltReader } from './build/types';
import type { MetricsConfig } from './file/loadMetricsConfig';
import { PolicyMetricReader } from './policy/PolicyMetricReader';
import type { ReportingPolicy } from './policy/types';

/** An endpoint a pull reader serves (`prometheus` or `prometheus/development`). */
export interface PullEndpoint {
  /** Where the reader is declared, e.g. `/distribution/meterwork/readers/2`. */
  readonly path: string;
  /** The exporter's name in the file. */
  readonly exporter: string;
  /** e.g. `http://127.0.0.1:9464/metrics` (the bound port when the file says 0). */
  readonly url: string;
}

/** What {@link startMetrics} returns: the running metrics setup. */
export class MetricsHandle {
  /** Pull endpoints, once started. */
  readonly pullEndpoints: PullEndpoint[] = [];
  private registeredGlobal = false;
  private shutdownPromise: Promise<void> | undefined;

  /** @internal */
  constructor(
    /** The MeterProvider (also the global one unless `setGlobal: false`). */
    readonly meterProvider: WrappedMeterProvider,
    /** The meterwork instance holding the views' aggregations. */
    readonly meterwork: Meterwork,
    private readonly readers: readonly BuiltReader[],
    /** The configuration read from the file (undefined when it came from environment variables). */
    readonly config: MetricsConfig | undefined,
    /** Run after the provider has shut down (stopping the tor transport). */
    private readonly afterShutdown: ReadonlyArray<() => Promise<void>> = [],
  ) {}

  /**
   * The policy readers of the setup: the one reader of `distribution.meterwork.policies`
   * (first), and with `prefix` alone one per periodic reader. Empty without policies or prefix.
   */
  get policyReaders(): PolicyMetricReader[] {
    const first = this.policyReader();
    const others = this.readers.map((r) => r.reader).filter((r): r is PolicyMetricReader => r instanceof PolicyMetricReader && r !== first);
    return first === undefined ? others : [first, ...others];
  }

  /** The policies of `distribution.meterwork.policies` as they are now (with run time changes), in matching order. */
  get policies(): ReportingPolicy[] {
    return this.policyReader()?.policies ?? [];
  }

  /**
   * Adds a reporting policy after the others, or replaces the one of the same
   * name (see {@link PolicyMetricReader.setPolicy}); metrics rebind at once. A
   * policy without `exporters` sends to every periodic reader's exporter of
   * the file. Throws when the file declares no `policies`, and
   * `InvalidOptionError` for an invalid policy (the policies stay as they were).
   */
  setPolicy(policy: ReportingPolicy): void {
    this.requirePolicyReader('setPolicy').setPolicy(policy);
  }

  /** Removes the policy named `name` (see {@link PolicyMetricReader.removePolicy}); returns whether it existed. */
  removePolicy(name: string): boolean {
    return this.policyReader()?.removePolicy(name) ?? false;
  }

  /** Replaces every policy (see {@link PolicyMetricReader.setPolicies}), e.g. from a reloaded file. */
  setPolicies(policies: readonly ReportingPolicy[]): void {
    this.requirePolicyReader('setPolicies').setPolicies(policies);
  }

  private policyReader(): PolicyMetricReader | undefined {
    const reader = this.readers.find((r) => r.exporterName === 'policies')?.reader;
    return reader instanceof PolicyMetricReader ? reader : undefined;
  }

  private requirePolicyReader(method: string): PolicyMetricReader {
    const reader = this.policyReader();
    if (reader === undefined) {
      throw new Error(
        `@meterwork/config: ${method}() needs distribution.meterwork.policies in the file (at least one policy and one periodic reader); the file declares none`,
      );
    }
    return reader;
  }

  /** @internal */
  async startPullEndpoints(): Promise<void> {
    for (const r of this.readers) {
      if (r.start !== undefined) this.pullEndpoints.push({ path: r.path, exporter: r.exporterName, url: await r.start() });
    }
  }

  /** @internal Registers the provider as OTel's global one; throws when another one is already registered. */
  registerGlobal(): void {
    if (!metrics.setGlobalMeterProvider(this.meterProvider)) {
      throw new Error(
        '@meterwork/config: a global MeterProvider is already registered (e.g. by sdk-node from meter_provider): metrics would be set up twice. ' +
          'Start metrics once: see "Traces with sdk-node from the same file" in the README',
      );
    }
    this.registeredGlobal = true;
  }

  /** Exports now through every push reader. */
  async forceFlush(): Promise<void> {
    await this.meterProvider.forceFlush();
  }

  /**
   * Flushes every exporter and shuts the provider down (idempotent): push
   * exporters that must cut a retry delay short (Pushgateway) are flushed
   * first, then every reader makes its final export and closes its exporter
   * or server. Unregisters the global provider it registered.
   */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      await Promise.allSettled(this.readers.map((r) => r.beforeShutdown?.()));
      try {
        await this.meterProvider.shutdown();
      } finally {
        if (this.registeredGlobal) metrics.disable();
        await Promise.allSettled(this.afterShutdown.map((stop) => stop()));
      }
    })();
    return this.shutdownPromise;
  }
}
