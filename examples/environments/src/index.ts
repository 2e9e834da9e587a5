/**
 * A checkout worker whose metrics setup lives entirely in a file: the same
 * code runs in development, staging and production, and OTEL_CONFIG_FILE
 * alone says where its metrics go. The app only uses the OTel API.
 */
import { metrics } from '@opentelemetry/api';
import { startMetrics } from '@meterwork/config';

/** Milliseconds between two simulated orders. */
const ORDER_EVERY_MILLIS = 20;

export async function main(): Promise<void> {
  // Reads OTEL_CONFIG_FILE (or, without it, the standard OTEL_METRICS_EXPORTER variables).
  const handle = await startMetrics();

  const meter = metrics.getMeter('checkout', '1.0.0');
  const orders = meter.createCounter('checkout.orders', { description: 'Orders placed' });
  const latency = meter.createHistogram('checkout.latency', { description: 'Time to place an order', unit: 's' });
  const payments = meter.createHistogram('checkout.payment.duration', { description: 'Payment provider calls', unit: 's' });
  // A debugging metric: production's policies do not list it, so it is kept but never sent there.
  const queue = meter.createUpDownCounter('checkout.queue.depth', { description: 'Orders waiting' });

  let n = 0;
  const work = setInterval(() => {
    n++;
    orders.add(1, { region: n % 2 === 0 ? 'eu' : 'us' });
    queue.add(n % 3 === 0 ? -1 : 1);
    latency.record(0.01 + (n % 10) / 100);
    // Every fifth payment is declined: the go/no-go view counts it as no-go.
    payments.record(0.2 + (n % 3) / 10, n % 5 === 0 ? { 'error.type': 'declined' } : {});
  }, ORDER_EVERY_MILLIS);

  console.log(`checkout: started with ${process.env['OTEL_CONFIG_FILE'] ?? 'no config file'}`);
  for (const endpoint of handle.pullEndpoints) console.log(`checkout: metrics at ${endpoint.url}`);

  const stop = async (signal: string): Promise<void> => {
    clearInterval(work);
    console.log(`checkout: ${signal}, flushing metrics`);
    try {
      await handle.shutdown(); // the last export of every exporter
      console.log('checkout: stopped');
    } catch (error) {
      // e.g. InfluxDB unreachable: what could not be delivered is lost, say so.
      console.error(`checkout: metrics shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
