import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { emptyResource } from '@opentelemetry/resources';
import { AggregationTemporality, InstrumentType, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { AnonymizingExporter } from '../../src/profile/AnonymizingExporter';

function inner(withSelectors: boolean): PushMetricExporter & { seen: ResourceMetrics[] } {
  const seen: ResourceMetrics[] = [];
  return {
    seen,
    export: (m, cb) => {
      seen.push(m);
      cb({ code: ExportResultCode.SUCCESS });
    },
    forceFlush: async () => {},
    shutdown: async () => {},
    ...(withSelectors ? { selectAggregationTemporality: () => AggregationTemporality.DELTA } : {}),
  };
}

const metrics: ResourceMetrics = { resource: emptyResource(), scopeMetrics: [] };

describe('AnonymizingExporter', () => {
  it('hands the wrapped exporter the anonymized copy, and keeps its temporality choice', () => {
    const target = inner(true);
    const copy: ResourceMetrics = { resource: emptyResource(), scopeMetrics: [] };
    const exporter = new AnonymizingExporter(target, () => copy);
    exporter.export(metrics, () => undefined);
    expect(target.seen).toEqual([copy]);
    expect(target.seen[0]).toBe(copy);
    expect(exporter.selectAggregationTemporality!(InstrumentType.COUNTER)).toBe(AggregationTemporality.DELTA);
  });

  it('has no selectors the wrapped exporter lacks (the reader then uses its defaults)', () => {
    const exporter = new AnonymizingExporter(inner(false), (m) => m);
    expect(exporter.selectAggregationTemporality).toBeUndefined();
    expect(exporter.selectAggregation).toBeUndefined();
  });

  it('fails the export, never sending the original, when anonymizing throws', () => {
    const target = inner(true);
    const results: ExportResult[] = [];
    new AnonymizingExporter(target, () => {
      throw new Error('boom');
    }).export(metrics, (r) => results.push(r));
    expect(target.seen).toEqual([]);
    expect(results[0]).toMatchObject({ code: ExportResultCode.FAILED, error: new Error('boom') });
  });
});
