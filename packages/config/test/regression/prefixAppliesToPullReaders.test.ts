/**
 * `prefix` is process-wide, but only what push/policy readers sent had it:
 * meterwork's Prometheus endpoint and the official `prometheus/development`
 * endpoint served `cpu_srv`. Pull readers now serve `ui_cpu_srv` too,
 * including meterwork aggregations (quantiles and count of a view), and the
 * periodic readers of meter_provider (OTLP, console) send prefixed names.
 */
import { startMetrics, type MetricsHandle } from '@meterwork/config';
import { HEADER, writeConfig } from '../helpers';

let handle: MetricsHandle | undefined;
afterEach(async () => {
  await handle?.shutdown();
  handle = undefined;
});

it('prefix: ui turns cpu.srv into ui_cpu_srv on both Prometheus pull endpoints', async () => {
  const file = writeConfig(
    HEADER +
      `meter_provider:
  readers:
    - pull: { exporter: { prometheus/development: { host: 127.0.0.1, port: 0 } } }
distribution:
  meterwork:
    prefix: ui
    readers:
      - pull: { exporter: { prometheus: { host: 127.0.0.1, port: 0 } } }
    views:
      - selector: { instrument_name: queue.latency }
        stream: { aggregation: { uniform: { size: 10, quantiles: [0.5] } } }
`,
  );
  handle = await startMetrics({ file, setGlobal: false });
  const meter = handle.meterProvider.getMeter('t');
  meter.createCounter('cpu.srv').add(3);
  meter.createHistogram('queue.latency').record(7);
  expect(handle.pullEndpoints.map((e) => e.exporter).sort()).toEqual(['prometheus', 'prometheus/development']);
  for (const endpoint of handle.pullEndpoints) {
    const body = await (await fetch(endpoint.url)).text();
    expect([endpoint.exporter, body]).toEqual([endpoint.exporter, expect.stringMatching(/^ui_cpu_srv(_total)?\{[^}]*\} 3/m)]);
    expect([endpoint.exporter, body]).toEqual([endpoint.exporter, expect.stringMatching(/^ui_queue_latency_count(_total)?\{[^}]*\} 1/m)]);
    expect([endpoint.exporter, body]).toEqual([endpoint.exporter, expect.not.stringMatching(/^(cpu_srv|queue_latency)/m)]);
  }
}, 60_000);

it('without prefix the pull endpoints serve the plain names', async () => {
  const file = writeConfig(HEADER + 'distribution:\n  meterwork:\n    readers:\n      - pull: { exporter: { prometheus: { host: 127.0.0.1, port: 0 } } }\n');
  handle = await startMetrics({ file, setGlobal: false });
  handle.meterProvider.getMeter('t').createCounter('cpu.srv').add(3);
  const body = await (await fetch(handle.pullEndpoints[0]!.url)).text();
  expect(body).toMatch(/^cpu_srv_total\{[^}]*\} 3/m);
}, 60_000);

it("prefix also names what meter_provider's periodic readers send (console)", async () => {
  const dir = jest.spyOn(console, 'dir').mockImplementation(() => undefined);
  try {
    const file = writeConfig(
      HEADER +
        `meter_provider:
  readers:
    - periodic: { interval: 3600000, exporter: { console: } }
distribution:
  meterwork:
    prefix: ui
`,
    );
    handle = await startMetrics({ file, setGlobal: false });
    handle.meterProvider.getMeter('t').createCounter('cpu.srv').add(3);
    await handle.forceFlush();
    const names = dir.mock.calls.map((c) => (c[0] as { descriptor?: { name?: string } }).descriptor?.name);
    expect(names).toContain('ui.cpu.srv');
    expect(names).not.toContain('cpu.srv');
  } finally {
    await handle?.shutdown();
    handle = undefined;
    dir.mockRestore();
  }
}, 60_000);
