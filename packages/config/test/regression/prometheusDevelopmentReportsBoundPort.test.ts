/**
 * `prometheus/development` with `port: 0`: the handle reported the configured
 * port (and the official exporter, reading 0 as "unset", bound 9464). The
 * endpoint now listens on a free port and the handle reports the bound one.
 */
import { startMetrics, type MetricsHandle } from '@meterwork/config';
import { HEADER, writeConfig } from '../helpers';

let handle: MetricsHandle | undefined;
afterEach(async () => {
  await handle?.shutdown();
  handle = undefined;
});

it('port: 0 reports the bound port, which serves the metrics', async () => {
  const file = writeConfig(HEADER + 'meter_provider:\n  readers:\n    - pull: { exporter: { prometheus/development: { host: 127.0.0.1, port: 0 } } }\n');
  handle = await startMetrics({ file, setGlobal: false });
  const [endpoint] = handle.pullEndpoints;
  const port = Number(new URL(endpoint!.url).port);
  expect(endpoint!.url).toBe(`http://127.0.0.1:${port}/metrics`);
  expect(port).toBeGreaterThan(0);
  expect(port).not.toBe(9464);
  handle.meterProvider.getMeter('t').createCounter('jobs').add(2);
  const response = await fetch(endpoint!.url);
  expect(response.status).toBe(200);
  expect(await response.text()).toMatch(/^jobs_total\{[^}]*\} 2/m);
  expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  await handle.shutdown();
  await expect(fetch(endpoint!.url)).rejects.toThrow();
}, 60_000);
