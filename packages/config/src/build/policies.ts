import { AggregationTemporality, InstrumentType, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { InvalidOptionError } from '@meterwork/core';
import type { ConfigProblem } from '../file/ConfigFileError';
import type { PolicyConfig } from '../model/types';
import { PolicyMetricReader } from '../policy/PolicyMetricReader';
import type { ReportingPolicy } from '../policy/types';
import type { BuiltReader } from './types';

/**
 * With `policies` or `prefix`, the periodic readers of `distribution.meterwork`
 * report through the policy engine instead of exporting everything at their
 * interval:
 * - `policies`: one {@link PolicyMetricReader} over every periodic reader's
 *   exporter; a policy's `exporters` names exporter kinds (all of them by default);
 * - `prefix` alone: each periodic reader becomes a policy reader with one
 *   catch-all policy at its own interval, so that names get the prefix.
 * Pull readers are left as they are (a scrape is not a report).
 */
export function applyPolicies(
  readers: readonly BuiltReader[],
  policies: readonly PolicyConfig[],
  prefix: string | undefined,
  basePath: string,
  problems: ConfigProblem[],
): BuiltReader[] {
  const push = readers.filter((r) => r.exporter !== undefined && r.interval !== undefined);
  const rest = readers.filter((r) => !push.includes(r));
  if (policies.length === 0) {
    if (prefix === undefined) return [...readers];
    return [
      ...rest,
      ...push.map((r) => {
        const exporter = r.exporter!;
        const delta = exporter.selectAggregationTemporality?.(InstrumentType.COUNTER) === AggregationTemporality.DELTA;
        const policy: ReportingPolicy = {
          name: 'all',
          report: ['*'],
          intervalMillis: r.interval,
          exportTimeoutMillis: r.timeout,
          reportInactive: true,
          temporality: delta ? 'delta' : 'cumulative',
        };
        return { ...r, reader: new PolicyMetricReader({ prefix, policies: [policy], exporters: [exporter] }) };
      }),
    ];
  }
  const byKind = new Map<string, PushMetricExporter[]>();
  for (const r of push) byKind.set(r.exporterName, [...(byKind.get(r.exporterName) ?? []), r.exporter!]);
  const mapped: ReportingPolicy[] = [];
  policies.forEach((p, i) => {
    const exporters: PushMetricExporter[] = [];
    (p.exporters ?? []).forEach((kind, j) => {
      const found = byKind.get(kind);
      if (found === undefined) {
        problems.push({
          path: `${basePath}/policies/${i}/exporters/${j}`,
          message: `names no periodic reader of distribution.meterwork.readers; declared: ${[...byKind.keys()].join(', ') || '(none)'}, found ${JSON.stringify(kind)}`,
        });
      } else {
        exporters.push(...found);
      }
    });
    mapped.push({
      name: p.name,
      report: p.report,
      ...(p.interval === undefined ? {} : { intervalMillis: p.interval }),
      ...(p.reportInactive === undefined ? {} : { reportInactive: p.reportInactive }),
      ...(p.temporality === undefined ? {} : { temporality: p.temporality }),
      ...(p.exportTimeoutMillis === undefined ? {} : { exportTimeoutMillis: p.exportTimeoutMillis }),
      ...(p.exporters === undefined ? {} : { exporters }),
    });
  });
  if (problems.length > 0) return [...readers];
  if (push.length === 0) {
    problems.push({ path: `${basePath}/policies`, message: 'need at least one periodic reader in distribution.meterwork.readers to report to, found none' });
    return [...readers];
  }
  let reader: PolicyMetricReader;
  try {
    reader = new PolicyMetricReader({ prefix, policies: mapped, exporters: push.map((r) => r.exporter!) });
  } catch (error) {
    if (!(error instanceof InvalidOptionError)) throw error;
    const m = /^policies\[(\d+)\]/.exec(error.option);
    problems.push({ path: `${basePath}/policies${m === null ? '' : `/${m[1]}`}`, message: error.message.replace(/^PolicyMetricReader: option "[^"]*" /, '') });
    return [...readers];
  }
  const beforeShutdown = async (): Promise<void> => {
    await Promise.allSettled(push.map((r) => r.beforeShutdown?.()));
  };
  return [...rest, { reader, path: `${basePath}/policies`, exporterName: 'policies', beforeShutdown }];
}
