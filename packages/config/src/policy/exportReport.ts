import { diag } from '@opentelemetry/api';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';

/** `ExportResultCode.SUCCESS` of `@opentelemetry/core` (an enum: 0), compared here so this package needs only the SDK. */
const SUCCESS = 0;

function exporterName(exporter: PushMetricExporter): string {
  return (exporter as { constructor?: { name?: string } }).constructor?.name ?? 'exporter';
}

/**
 * Hands `report` to one exporter; resolves when it calls back, never rejects:
 * a failure (a FAILED result, a throw) is reported with `diag.error` naming
 * the policy and the exporter.
 */
export function exportReport(policyName: string, exporter: PushMetricExporter, report: ResourceMetrics): Promise<void> {
  const fail = (error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error ?? 'no error given');
    diag.error(`PolicyMetricReader: policy "${policyName}": ${exporterName(exporter)} failed to export: ${message}`);
  };
  return new Promise((resolve) => {
    try {
      exporter.export(report, (result) => {
        if (result.code !== SUCCESS) fail(result.error);
        resolve();
      });
    } catch (error) {
      fail(error);
      resolve();
    }
  });
}

/** Resolves to `true` when `work` settles within `millis`, `false` otherwise (the timer is unref'd). */
export function settlesWithin(work: Promise<unknown>, millis: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), millis);
    timer.unref?.();
  });
  return Promise.race([work.then(() => true), timeout]).finally(() => clearTimeout(timer));
}
