import { MetricReader } from '@opentelemetry/sdk-metrics';

/** The plainest real reader: collects when a test calls `collect()`. */
export class CollectOnlyReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}
