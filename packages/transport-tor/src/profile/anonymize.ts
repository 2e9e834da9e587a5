/**
 * The anonymous profile's data transformation: one export's ResourceMetrics
 * with identifying attributes removed by an allow-list (resource, scope and
 * point attributes; values that look like addresses too), `session.id` as the
 * only instance identifier, and timestamps rounded down to the export
 * interval. Copies: the SDK's objects are never modified.
 */
import type { Attributes, HrTime } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { MetricData, ResourceMetrics, ScopeMetrics } from '@opentelemetry/sdk-metrics';
import { getMeterworkData, type MeterworkDataPoint, type MeterworkMetricData } from '@meterwork/core';
import { attachMeterworkData } from '@meterwork/core/internal';
import { SESSION_ID_ATTRIBUTE, isIdentifyingValue } from '../anonymity/allowList';

/**
 * Point attributes that meterwork's standard encoding and the OTel SDK add themselves, with fixed values
 * (go/no-go `outcome`, meter `window`, summary `quantile`, the cardinality-overflow marker): kept on points,
 * else the series they tell apart would collapse into one.
 */
export const ENCODING_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set(['outcome', 'window', 'quantile', 'otel.metric.overflow']);

export interface AnonymizeSettings {
  readonly sessionId: string;
  /** Whether a resource attribute key may be sent. */
  readonly keyAllowed: (key: string) => boolean;
  /** Whether a point attribute key may be sent ({@link ENCODING_ATTRIBUTE_KEYS} included). */
  readonly pointKeyAllowed: (key: string) => boolean;
  /** Round timestamps down to a multiple of this many milliseconds; 0 keeps them. */
  readonly roundMillis: number;
  /** Told once per (metric, key) what was dropped from points, so users can fix it with a View. */
  readonly onDroppedPointAttribute: (metricName: string, key: string) => void;
}

/** The allowed attributes of `attributes`; `dropped` is called for each removed key. */
export function allowedAttributes(attributes: Attributes, keyAllowed: (key: string) => boolean, dropped?: (key: string) => void): Attributes {
  let out: Record<string, Attributes[string]> | undefined;
  const keys = Object.keys(attributes);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = attributes[key];
    const ok = key !== SESSION_ID_ATTRIBUTE && keyAllowed(key) && !(typeof value === 'string' && isIdentifyingValue(value));
    if (ok) {
      if (out) out[key] = value;
    } else {
      if (!out) out = Object.fromEntries(keys.slice(0, i).map((k) => [k, attributes[k]]));
      dropped?.(key);
    }
  }
  return out ?? attributes; // nothing removed: no copy
}

/** `time` rounded down to a multiple of `roundMillis`. */
export function roundHrTime(time: HrTime, roundMillis: number): HrTime {
  if (roundMillis <= 0) return time;
  const millis = time[0] * 1000 + Math.floor(time[1] / 1e6);
  const rounded = millis - (millis % roundMillis);
  return [Math.floor(rounded / 1000), (rounded % 1000) * 1e6];
}

function anonymizePoints<P extends { attributes: Attributes; startTime: HrTime; endTime: HrTime }>(
  points: readonly P[],
  name: string,
  s: AnonymizeSettings,
): P[] {
  return points.map((p) => ({
    ...p,
    attributes: allowedAttributes(p.attributes, s.pointKeyAllowed, (key) => s.onDroppedPointAttribute(name, key)),
    startTime: roundHrTime(p.startTime, s.roundMillis),
    endTime: roundHrTime(p.endTime, s.roundMillis),
  }));
}

function anonymizeMetric(metric: MetricData, s: AnonymizeSettings): MetricData {
  const name = metric.descriptor.name;
  const copy = { ...metric, dataPoints: anonymizePoints(metric.dataPoints as never[], name, s) } as MetricData;
  const rich = getMeterworkData(metric);
  if (rich) {
    // The rich form (timer, meter, ...) is what meterwork-aware exporters write: anonymize it the same way.
    const points = anonymizePoints(rich.points as ReadonlyArray<MeterworkDataPoint<unknown>>, name, s);
    attachMeterworkData(copy, { ...rich, points } as MeterworkMetricData);
  }
  return copy;
}

function anonymizeScope(scope: ScopeMetrics, s: AnonymizeSettings): ScopeMetrics {
  // Scope name and version say which library measured; scope attributes and schema URLs may say more.
  return {
    scope: { name: scope.scope.name, ...(scope.scope.version !== undefined ? { version: scope.scope.version } : {}) },
    metrics: scope.metrics.map((m) => anonymizeMetric(m, s)),
  };
}

export function anonymizeResourceMetrics(metrics: ResourceMetrics, s: AnonymizeSettings): ResourceMetrics {
  const resourceAttributes = allowedAttributes(metrics.resource.attributes, s.keyAllowed);
  const serviceName = resourceAttributes['service.name'];
  // The SDK's default `unknown_service:<process.argv0>` names the executable path: keep only the prefix.
  const unnamed = typeof serviceName === 'string' && serviceName.startsWith('unknown_service:') ? { 'service.name': 'unknown_service' } : {};
  return {
    resource: resourceFromAttributes({ ...resourceAttributes, ...unnamed, [SESSION_ID_ATTRIBUTE]: s.sessionId }),
    scopeMetrics: metrics.scopeMetrics.map((scope) => anonymizeScope(scope, s)),
  };
}
