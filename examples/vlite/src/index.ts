/**
 * monkit README's VLite on @meterwork/tasks: a proxy in front of a local
 * upstream (started here: no internet needed), its handlers instrumented as
 * tasks, the present endpoint (`/funcs`, `/stats`, `/ps`, `/trace/...`) and
 * the live dashboard on a second loopback port.
 *
 *   node dist/index.js [--port 8080] [--present-port 9000] [--proxy http://other/]
 *
 * Ports 0 pick free ones; the URLs are printed.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { Meterwork } from '@meterwork/core';
import { createEnvironment, defaultRegistry, startPresentServer } from '@meterwork/tasks';
import { startUpstream } from './upstream';
import { VLite } from './VLite';

export interface VLiteOptions {
  /** The proxy's port. @default 8080 */
  readonly port?: number | undefined;
  /** The present endpoint's port. @default 9000 */
  readonly presentPort?: number | undefined;
  /** The site to proxy. @default a local upstream started by the example */
  readonly target?: string | undefined;
}

export interface RunningVLite {
  readonly proxyUrl: string;
  readonly presentUrl: string;
  readonly upstreamUrl: string;
  close(): Promise<void>;
}

export async function main(options: VLiteOptions = {}): Promise<RunningVLite> {
  const upstream = options.target === undefined ? await startUpstream() : undefined;
  const target = new URL(options.target ?? upstream!.url);

  const meterwork = new Meterwork({
    views: [
      { instrumentName: 'vlite.requests', aggregation: { type: 'meter' } },
      { instrumentName: 'vlite.request.duration', aggregation: { type: 'go_no_go' } },
      { instrumentName: 'vlite.response.size', aggregation: { type: 'bounded_time_window', windowMillis: 60_000, quantiles: [0.5, 0.9, 0.99] } },
    ],
  });
  const meter = meterwork.createMeterProvider({}).getMeter('vlite');
  const vlite = new VLite(target, {
    requests: meter.createCounter('vlite.requests'),
    duration: meter.createHistogram('vlite.request.duration', { unit: 's' }),
    responseSize: meter.createHistogram('vlite.response.size', { unit: 'By' }),
  });

  // monkit's `environment.Register(monkit.Default)` and
  // `go http.ListenAndServe("localhost:9000", present.HTTP(monkit.Default))`.
  const present = await startPresentServer({
    registry: defaultRegistry,
    environment: createEnvironment(),
    port: options.presentPort ?? 9000,
    dashboard: { metricProducer: meterwork.createProducer() },
  });

  const proxy = http.createServer((req, res) => {
    vlite.handleHTTP(req, res).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Bad Gateway: ${error.message}\n`);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(options.port ?? 8080, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;

  return {
    proxyUrl: `http://127.0.0.1:${port}/`,
    presentUrl: `${present.url}/`,
    upstreamUrl: target.href,
    async close() {
      await new Promise<void>((resolve) => {
        proxy.close(() => resolve());
        proxy.closeAllConnections();
      });
      await present.close();
      await upstream?.close();
      await meterwork.shutdown();
    },
  };
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

if (require.main === module) {
  const port = flag('--port');
  const presentPort = flag('--present-port');
  main({
    port: port === undefined ? undefined : Number(port),
    presentPort: presentPort === undefined ? undefined : Number(presentPort),
    target: flag('--proxy'),
  }).then(
    (running) => {
      console.log(`upstream: ${running.upstreamUrl}`);
      console.log(`proxy: ${running.proxyUrl}`);
      console.log(`present: ${running.presentUrl} (dashboard: ${running.presentUrl}dashboard)`);
      const stop = () => void running.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
