import { diag } from '@opentelemetry/api';
import { AggregationTemporality, InstrumentType, MetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { exportReport, settlesWithin } from './exportReport';
import { PolicyBinding } from './PolicyBinding';
import { PolicyReports } from './PolicyReports';
import type { PolicyMetricReaderOptions, ReportingPolicy } from './types';
import { validatePolicy, validateReaderOptions, type ResolvedPolicy } from './validatePolicy';

/**
 * An OTel `MetricReader` that reports through lws_metrics-style policies: each
 * policy has its own timer, and at each of its ticks the reader collects once
 * (the SDK's metrics and meterwork's, cumulative), keeps the metrics bound to
 * that policy (the first policy whose `report` pattern matches the metric's
 * name), applies the process prefix, leaves out inactive series unless the
 * policy reports them, turns counts and sums into deltas for a delta policy,
 * and sends the result to the policy's exporters. Metrics no policy matches
 * keep aggregating and are not sent. Policies can be added, replaced and
 * removed at any time ({@link setPolicy}, {@link removePolicy},
 * {@link setPolicies}); every metric is rebound at the next report. Binding
 * happens at collection time only: record paths never see policies.
 *
 * Give it to the provider like any reader
 * (`meterwork.createMeterProvider({ readers: [reader] })` adds meterwork's
 * producer). Its own temporality is cumulative; the policies choose theirs.
 * The reader owns the exporters it is given: `shutdown()` reports once more
 * through every policy and shuts each exporter down once.
 */
export class PolicyMetricReader extends MetricReader {
  private readonly _binding = new PolicyBinding();
  private readonly _reports: PolicyReports;
  private readonly _defaultExporters: readonly PushMetricExporter[];
  /** Every exporter given so far, shut down once with the reader. */
  private readonly _owned = new Set<PushMetricExporter>();
  private readonly _timers = new Map<ResolvedPolicy, ReturnType<typeof setInterval>>();
  private readonly _ongoing = new Map<ResolvedPolicy, Promise<void>>();
  private _initialized = false;
  private _stopped = false;

  constructor(options: PolicyMetricReaderOptions = {}) {
    const checked = validateReaderOptions(options);
    super(options.metricProducers === undefined ? {} : { metricProducers: [...options.metricProducers] });
    this._reports = new PolicyReports(this._binding, checked.prefix);
    this._defaultExporters = checked.exporters;
    for (const e of checked.exporters) this._owned.add(e);
    this._replaceAll(checked.policies);
  }

  /** The policies, in matching order, with their defaults applied. */
  get policies(): ReportingPolicy[] {
    return this._binding.policies.map((p) => ({
      name: p.name,
      report: [...p.report],
      intervalMillis: p.intervalMillis,
      reportInactive: p.reportInactive,
      temporality: p.delta ? 'delta' : 'cumulative',
      exporters: [...p.exporters],
      exportTimeoutMillis: p.exportTimeoutMillis,
    }));
  }

  /**
   * Adds `policy` after the others, or replaces the policy of the same name
   * in its place (its timer restarts with the new interval). Throws
   * {@link @meterwork/core!InvalidOptionError} for an invalid policy, leaving the policies as they were.
   */
  setPolicy(policy: ReportingPolicy): void {
    const resolved = validatePolicy('policy', policy, this._defaultExporters);
    const policies = [...this._binding.policies];
    const index = policies.findIndex((p) => p.name === resolved.name);
    if (index >= 0) {
      this._stop(policies[index]!);
      policies[index] = resolved;
    } else {
      policies.push(resolved);
    }
    this._adopt(resolved);
    this._binding.policies = policies;
    this._start(resolved);
  }

  /** Removes the policy named `name`; its metrics rebind to the next matching policy, if any. Returns whether it existed. */
  removePolicy(name: string): boolean {
    const policy = this._binding.policies.find((p) => p.name === name);
    if (policy === undefined) return false;
    this._stop(policy);
    this._binding.policies = this._binding.policies.filter((p) => p !== policy);
    return true;
  }

  /** Replaces every policy (e.g. from a reloaded file); validated as a whole first, as the constructor's `policies`. */
  setPolicies(policies: readonly ReportingPolicy[]): void {
    const checked = validateReaderOptions({ policies, ...(this._defaultExporters.length > 0 ? { exporters: this._defaultExporters } : {}) });
    for (const p of this._binding.policies) this._stop(p);
    this._replaceAll(checked.policies);
  }

  private _replaceAll(policies: readonly ResolvedPolicy[]): void {
    for (const p of policies) this._adopt(p);
    this._binding.policies = policies;
    for (const p of policies) this._start(p);
  }

  /** Takes ownership of the policy's exporters and warns about a temporality they will misread. */
  private _adopt(policy: ResolvedPolicy): void {
    for (const exporter of policy.exporters) {
      this._owned.add(exporter);
      const wanted = exporter.selectAggregationTemporality?.(InstrumentType.COUNTER);
      if (policy.delta && wanted === AggregationTemporality.CUMULATIVE) {
        diag.warn(
          `PolicyMetricReader: policy "${policy.name}" reports deltas to ${exporter.constructor.name}, which asks for cumulative data: it will show each interval's counts, not totals`,
        );
      }
    }
  }

  protected override onInitialized(): void {
    this._initialized = true;
    for (const p of this._binding.policies) this._start(p);
  }

  private _start(policy: ResolvedPolicy): void {
    if (!this._initialized || this._stopped || this._timers.has(policy)) return;
    const timer = setInterval(() => void this._report(policy), policy.intervalMillis);
    timer.unref?.();
    this._timers.set(policy, timer);
  }

  private _stop(policy: ResolvedPolicy): void {
    clearInterval(this._timers.get(policy));
    this._timers.delete(policy);
  }

  /** One report of `policy`; at most one at a time per policy (a tick during a slow report is skipped). */
  private _report(policy: ResolvedPolicy): Promise<void> {
    const ongoing = this._ongoing.get(policy);
    if (ongoing !== undefined) {
      diag.debug(`PolicyMetricReader: policy "${policy.name}": the previous report has not finished, skipping this one`);
      return ongoing;
    }
    const run = this._collectAndExport(policy).finally(() => this._ongoing.delete(policy));
    this._ongoing.set(policy, run);
    return run;
  }

  private async _collectAndExport(policy: ResolvedPolicy): Promise<void> {
    try {
      const work = this._collectAndExportOnce(policy);
      if (!(await settlesWithin(work, policy.exportTimeoutMillis))) {
        diag.error(`PolicyMetricReader: policy "${policy.name}": report timed out after ${policy.exportTimeoutMillis} ms (exportTimeoutMillis)`);
      }
    } catch (error) {
      diag.error(`PolicyMetricReader: policy "${policy.name}": report failed: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  private async _collectAndExportOnce(policy: ResolvedPolicy): Promise<void> {
    const { resourceMetrics, errors } = await this.collect({ timeoutMillis: policy.exportTimeoutMillis });
    for (const error of errors) diag.error(`PolicyMetricReader: policy "${policy.name}": collection error: ${(error as Error)?.message ?? String(error)}`);
    // Removed or replaced while collecting: its successor reports from now on.
    if (!this._binding.policies.includes(policy)) return;
    const report = this._reports.select(resourceMetrics, policy);
    if (report === undefined) return;
    if (report.resource.asyncAttributesPending) await report.resource.waitForAsyncAttributes?.();
    await Promise.all(policy.exporters.map((e) => exportReport(policy.name, e, report)));
  }

  /** Reports through every policy now, then flushes their exporters. */
  protected override async onForceFlush(): Promise<void> {
    const policies = this._binding.policies;
    await Promise.all(policies.map((p) => this._reportAfterOngoing(p)));
    await Promise.all(this._inUse(policies).map((e) => e.forceFlush()));
  }

  /** Stops the timers, reports once more through every policy and shuts every exporter given to the reader down. */
  protected override async onShutdown(): Promise<void> {
    this._stopped = true;
    const policies = this._binding.policies;
    for (const p of policies) this._stop(p);
    await Promise.all(policies.map((p) => this._reportAfterOngoing(p)));
    await Promise.all(
      [...this._owned].map((e) =>
        e
          .shutdown()
          .catch((error: unknown) =>
            diag.error(`PolicyMetricReader: shutting ${e.constructor.name} down failed: ${(error as Error)?.message ?? String(error)}`),
          ),
      ),
    );
  }

  private async _reportAfterOngoing(policy: ResolvedPolicy): Promise<void> {
    await this._ongoing.get(policy);
    await this._report(policy);
  }

  private _inUse(policies: readonly ResolvedPolicy[]): PushMetricExporter[] {
    return [...new Set(policies.flatMap((p) => p.exporters))];
  }
}
