import type { Attributes } from '@opentelemetry/api';
import { splitMeterworkMetrics, type MeterworkMetricData } from '@meterwork/core';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { MetricData, ResourceMetrics } from '@opentelemetry/sdk-metrics';

/**
 * The message a worker sends over cluster IPC: its collection as JSON text,
 * with meterwork rich data as separate entries (the symbol-keyed link does not
 * survive serialisation). Non-finite numbers are tagged because IPC's default
 * JSON serialisation turns NaN and Infinity into null.
 */
export interface WireScopeMetrics {
  readonly scope: InstrumentationScope;
  readonly plain: MetricData[];
  readonly meterwork: MeterworkMetricData[];
}

export interface WireCollection {
  readonly resource: Attributes;
  readonly scopes: WireScopeMetrics[];
  /** Collection errors in the worker, as messages. */
  readonly errors: string[];
}

const NUMBER_TAG = '$mwnum';

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return { [NUMBER_TAG]: String(value) };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const tagged = (value as Record<string, unknown>)[NUMBER_TAG];
    if (typeof tagged === 'string' && Object.keys(value).length === 1) return Number(tagged);
  }
  return value;
}

export function encodeCollection(resourceMetrics: ResourceMetrics, errors: readonly unknown[]): string {
  const wire: WireCollection = {
    resource: resourceMetrics.resource.attributes,
    scopes: resourceMetrics.scopeMetrics.map((sm) => {
      const { meterwork, plain } = splitMeterworkMetrics(sm.metrics);
      return { scope: sm.scope, plain, meterwork };
    }),
    errors: errors.map((e) => (e instanceof Error ? e.message : String(e))),
  };
  return JSON.stringify(wire, replacer);
}

/** Parses a worker's message; throws on text that is not a collection. */
export function decodeCollection(text: string): WireCollection {
  const wire = JSON.parse(text, reviver) as WireCollection;
  if (wire === null || typeof wire !== 'object' || !Array.isArray(wire.scopes)) throw new Error('not a meterwork cluster collection');
  return wire;
}
