import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { AggregationOption, AggregationTemporality, InstrumentType, PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';

/** A PushMetricExporter that hands the wrapped one anonymized copies of each export (everything else is delegated). */
export class AnonymizingExporter implements PushMetricExporter {
  /** Present only when the wrapped exporter has it (the reader falls back to its defaults otherwise). */
  readonly selectAggregationTemporality?: (instrumentType: InstrumentType) => AggregationTemporality;
  readonly selectAggregation?: (instrumentType: InstrumentType) => AggregationOption;

  constructor(
    private readonly _inner: PushMetricExporter,
    private readonly _anonymize: (metrics: ResourceMetrics) => ResourceMetrics,
  ) {
    if (_inner.selectAggregationTemporality) this.selectAggregationTemporality = (t) => _inner.selectAggregationTemporality!(t);
    if (_inner.selectAggregation) this.selectAggregation = (t) => _inner.selectAggregation!(t);
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    let anonymous: ResourceMetrics;
    try {
      anonymous = this._anonymize(metrics);
    } catch (error) {
      // Never send the original instead.
      resultCallback({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
      return;
    }
    this._inner.export(anonymous, resultCallback);
  }

  forceFlush(): Promise<void> {
    return this._inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this._inner.shutdown();
  }
}
