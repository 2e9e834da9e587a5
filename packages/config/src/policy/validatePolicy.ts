import { AggregationTemporality, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { InvalidOptionError } from '@meterwork/core';
import { positiveIntegerOption, wildcardToRegExp } from '@meterwork/core/internal';
import type { PolicyMetricReaderOptions, ReportingPolicy } from './types';

export const OWNER = 'PolicyMetricReader';

/** The longest delay `setInterval` honours (a larger one fires at once). */
const MAX_INTERVAL_MILLIS = 2 ** 31 - 1;

/** A policy with its defaults applied and its patterns compiled. */
export interface ResolvedPolicy {
  readonly name: string;
  readonly report: readonly string[];
  readonly patterns: readonly RegExp[];
  readonly intervalMillis: number;
  readonly reportInactive: boolean;
  readonly delta: boolean;
  readonly exporters: readonly PushMetricExporter[];
  readonly exportTimeoutMillis: number;
}

const POLICY_KEYS: ReadonlySet<string> = new Set(['name', 'report', 'intervalMillis', 'reportInactive', 'temporality', 'exporters', 'exportTimeoutMillis']);
const READER_KEYS: ReadonlySet<string> = new Set(['policies', 'prefix', 'exporters', 'metricProducers']);

/** Throws {@link InvalidOptionError} for a key of `value` that is not in `known`. */
function rejectUnknownKeys(path: string, value: object, known: ReadonlySet<string>): void {
  for (const key of Object.keys(value)) {
    if (!known.has(key)) throw new InvalidOptionError(OWNER, `${path}${path === '' ? '' : '.'}${key}`, `is not an option (options: ${[...known].join(', ')})`);
  }
}

function isExporter(value: unknown): value is PushMetricExporter {
  if (value === null || typeof value !== 'object') return false;
  const e = value as Partial<PushMetricExporter>;
  return typeof e.export === 'function' && typeof e.forceFlush === 'function' && typeof e.shutdown === 'function';
}

/** Checks a list of exporters; `undefined` when not given. */
export function validateExporters(path: string, value: unknown): readonly PushMetricExporter[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new InvalidOptionError(OWNER, path, 'must be an array of PushMetricExporter', value);
  value.forEach((e, i) => {
    if (!isExporter(e)) throw new InvalidOptionError(OWNER, `${path}[${i}]`, 'must be a PushMetricExporter (export, forceFlush and shutdown methods)', e);
  });
  return [...(value as PushMetricExporter[])];
}

function validateTemporality(path: string, value: unknown): boolean {
  if (value === undefined || value === 'cumulative' || value === AggregationTemporality.CUMULATIVE) return false;
  if (value === 'delta' || value === AggregationTemporality.DELTA) return true;
  throw new InvalidOptionError(OWNER, path, "must be 'cumulative' or 'delta'", value);
}

/**
 * Checks one policy (`path` names it in messages: `policies[2]`, `policy`) and
 * applies the defaults; `defaultExporters` serve a policy that lists none.
 */
export function validatePolicy(path: string, policy: unknown, defaultExporters: readonly PushMetricExporter[]): ResolvedPolicy {
  if (policy === null || typeof policy !== 'object' || Array.isArray(policy)) throw new InvalidOptionError(OWNER, path, 'must be an object', policy);
  rejectUnknownKeys(path, policy, POLICY_KEYS);
  const p = policy as ReportingPolicy;
  if (typeof p.name !== 'string' || p.name.trim() === '') throw new InvalidOptionError(OWNER, `${path}.name`, 'must be a non-empty string', p.name);
  if (!Array.isArray(p.report) || p.report.length === 0) {
    throw new InvalidOptionError(OWNER, `${path}.report`, 'must be a non-empty array of metric name patterns', p.report);
  }
  p.report.forEach((pattern: unknown, i) => {
    if (typeof pattern !== 'string' || pattern.trim() === '')
      throw new InvalidOptionError(OWNER, `${path}.report[${i}]`, 'must be a non-empty string', pattern);
  });
  const intervalMillis = positiveIntegerOption(OWNER, `${path}.intervalMillis`, p.intervalMillis, 60_000);
  if (intervalMillis > MAX_INTERVAL_MILLIS)
    throw new InvalidOptionError(OWNER, `${path}.intervalMillis`, `must be at most ${MAX_INTERVAL_MILLIS}`, intervalMillis);
  if (p.reportInactive !== undefined && typeof p.reportInactive !== 'boolean') {
    throw new InvalidOptionError(OWNER, `${path}.reportInactive`, 'must be a boolean', p.reportInactive);
  }
  const exporters = validateExporters(`${path}.exporters`, p.exporters) ?? defaultExporters;
  if (exporters.length === 0) {
    throw new InvalidOptionError(OWNER, `${path}.exporters`, "must list at least one exporter (or give the reader's `exporters`)", p.exporters);
  }
  const exportTimeoutMillis = positiveIntegerOption(OWNER, `${path}.exportTimeoutMillis`, p.exportTimeoutMillis, 30_000);
  if (exportTimeoutMillis > MAX_INTERVAL_MILLIS) {
    throw new InvalidOptionError(OWNER, `${path}.exportTimeoutMillis`, `must be at most ${MAX_INTERVAL_MILLIS}`, exportTimeoutMillis);
  }
  const report = p.report.map((pattern) => pattern.trim());
  return {
    name: p.name,
    report,
    patterns: report.map(wildcardToRegExp),
    intervalMillis,
    reportInactive: p.reportInactive ?? false,
    delta: validateTemporality(`${path}.temporality`, p.temporality),
    exporters,
    exportTimeoutMillis,
  };
}

/** The reader's options, checked; the policies resolved in order, names unique. */
export function validateReaderOptions(options: unknown): {
  readonly policies: ResolvedPolicy[];
  readonly prefix: string | undefined;
  readonly exporters: readonly PushMetricExporter[];
} {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new InvalidOptionError(OWNER, 'options', 'must be an object', options);
  rejectUnknownKeys('', options, READER_KEYS);
  const o = options as PolicyMetricReaderOptions;
  const prefix = validatePrefix(o.prefix);
  const exporters = validateExporters('exporters', o.exporters) ?? [];
  if (o.metricProducers !== undefined && !Array.isArray(o.metricProducers)) {
    throw new InvalidOptionError(OWNER, 'metricProducers', 'must be an array of MetricProducer', o.metricProducers);
  }
  if (o.policies !== undefined && !Array.isArray(o.policies)) throw new InvalidOptionError(OWNER, 'policies', 'must be an array of policies', o.policies);
  const policies: ResolvedPolicy[] = [];
  (o.policies ?? []).forEach((policy, i) => {
    const resolved = validatePolicy(`policies[${i}]`, policy, exporters);
    if (policies.some((p) => p.name === resolved.name))
      throw new InvalidOptionError(OWNER, `policies[${i}].name`, 'must be unique among the policies', resolved.name);
    policies.push(resolved);
  });
  return { policies, prefix, exporters };
}

/** A prefix is a non-empty name without leading or trailing dots; `undefined`: none. */
function validatePrefix(prefix: unknown): string | undefined {
  if (prefix === undefined) return undefined;
  if (typeof prefix !== 'string' || prefix === '' || prefix.startsWith('.') || prefix.endsWith('.') || /\s/.test(prefix)) {
    throw new InvalidOptionError(OWNER, 'prefix', 'must be a non-empty name without spaces or leading/trailing dots', prefix);
  }
  return prefix;
}
