/**
 * The seed article's file-server demo, anonymously: the simulated file
 * server of examples/file-server, its metrics aggregated by meterwork views,
 * written as InfluxDB line protocol through Tor to the vendor's onion service
 * (`meterwork-receiver serve`), with the anonymous profile: a random session
 * id is the only instance identifier, nothing about the host is sent, every
 * write is signed with the session key.
 *
 * Env:
 *   RECEIVER_ONION        the vendor's onion address (required)
 *   RECEIVER_CLIENT_KEY   the client-authorisation private key, base32 (from `meterwork-receiver keygen`)
 *   RECEIVER_DATABASE     InfluxDB database (default `metrics`; the receiver may pin its own)
 *   TOR_SOCKS_PORT        use a running tor's SOCKS port instead of starting one (TOR_CONTROL_PORT for client auth)
 *   TOR_TORRC_LINES_FILE  extra torrc lines for the started tor (e.g. a private test network)
 *   DEMO_DURATION_MS      how long to run (default 20000), DEMO_EXPORT_INTERVAL_MS (default 5000)
 */
import * as fs from 'fs';
import { diag, DiagConsoleLogger, DiagLogLevel, metrics } from '@opentelemetry/api';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { Meterwork } from '@meterwork/core';
import { InfluxMetricExporter } from '@meterwork/exporter-influx';
import { TorTransport, type OnionClientAuth } from '@meterwork/transport-tor';
import { FileServer } from '@meterwork/example-file-server/dist/FileServer';
import { views } from '@meterwork/example-file-server';

function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') throw new Error(`${name} must be set (see examples/anonymous-telemetry/README.md)`);
  return value;
}

export async function main(): Promise<void> {
  diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.INFO); // tor bootstrap progress, restarts, buffering
  const onion = env('RECEIVER_ONION');
  const key = process.env.RECEIVER_CLIENT_KEY;
  const onionClientAuth: OnionClientAuth[] = key ? [{ address: onion, privateKey: key }] : [];
  const durationMillis = Number(env('DEMO_DURATION_MS', '20000'));
  const exportIntervalMillis = Number(env('DEMO_EXPORT_INTERVAL_MS', '5000'));
  const torrcFile = process.env.TOR_TORRC_LINES_FILE;

  const tor = await TorTransport.start({
    ...(process.env.TOR_SOCKS_PORT
      ? {
          attach: {
            socksPort: Number(process.env.TOR_SOCKS_PORT),
            ...(process.env.TOR_CONTROL_PORT ? { controlPort: Number(process.env.TOR_CONTROL_PORT), onionClientAuth } : {}),
          },
        }
      : { tor: { onionClientAuth, torrcLines: torrcFile ? fs.readFileSync(torrcFile, 'utf8').split('\n').filter(Boolean) : [] } }),
    // One option: session id as the only identifier, allow-listed attributes, rounded timestamps, signed writes.
    anonymous: { roundTimestampsMillis: exportIntervalMillis },
  });
  console.error(`session ${tor.profile!.sessionId}: sending to ${onion} through tor (SOCKS port ${tor.socksPort})`);

  const exporter = new InfluxMetricExporter({
    url: `http://${onion}`,
    v1: { database: env('RECEIVER_DATABASE', 'metrics') },
    ...tor.influxExporterOptions(),
    requestTimeoutMillis: 60_000,
    flushTimeoutMillis: 120_000,
  });
  const meterwork = new Meterwork({ views });
  const reader = new PeriodicExportingMetricReader({ exporter: tor.wrapExporter(exporter), exportIntervalMillis, exportTimeoutMillis: exportIntervalMillis });
  const provider = meterwork.createMeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(provider);

  const server = new FileServer(
    metrics.getMeter('file-server', '1.0.0'),
    meterwork.createGoNoGo('fileserver.transfer.size', { meterName: 'file-server', unit: 'By', description: 'Bytes sent per download; no-go when it failed' }),
  );
  server.start();
  await new Promise((resolve) => setTimeout(resolve, durationMillis));
  server.stop();
  await provider.shutdown(); // the last export, delivered through tor
  await meterwork.shutdown();
  metrics.disable();
  console.error(`sent ${exporter.stats.sentLines} lines, dropped ${exporter.stats.droppedLines}`);
  await tor.stop();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
