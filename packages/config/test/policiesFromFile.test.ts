import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { startMetrics, ConfigFileError, type MetricsHandle } from '@meterwork/config';
import { HEADER, writeConfig } from './helpers';

/** A stand-in Pushgateway on a free port: records each pushed body. */
async function fakeGateway(): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, server };
}

describe('policies and prefix from the file drive the policy engine', () => {
  let handle: MetricsHandle | undefined;
  let gateway: Awaited<ReturnType<typeof fakeGateway>>;
  beforeEach(async () => {
    gateway = await fakeGateway();
  });
  afterEach(async () => {
    await handle?.shutdown();
    handle = undefined;
    gateway.server.close();
  });

  it('reports only the metrics a policy matches, with the prefix, through the periodic reader exporter', async () => {
    const file = writeConfig(
      HEADER +
        `distribution:
  meterwork:
    prefix: ui
    readers:
      - periodic: { interval: 3600000, exporter: { pushgateway: { url: "${'${GW}'}", job: policies, serializer: { with_target_info: false } } } }
    policies:
      - { name: cpu, interval: 3600000, report: ["cpu.*"], report_inactive: true }
`.replace('${GW}', gateway.url),
    );
    handle = await startMetrics({ file, setGlobal: false });
    const meter = handle.meterProvider.getMeter('t');
    meter.createCounter('cpu.srv').add(3);
    meter.createCounter('mem.free').add(5);
    await handle.forceFlush();
    const pushed = gateway.bodies.join('\n');
    expect(pushed).toMatch(/ui_cpu_srv_total\{[^}]*\} 3/);
    expect(pushed).not.toContain('mem_free');
    expect(handle.config?.meterwork.policies).toEqual([{ name: 'cpu', interval: 3600000, report: ['cpu.*'], reportInactive: true }]);
  });

  it('prefix alone: every periodic reader reports every metric with the prefix', async () => {
    const file = writeConfig(
      HEADER +
        `distribution:
  meterwork:
    prefix: ui
    readers:
      - periodic: { interval: 3600000, exporter: { pushgateway: { url: "GW", job: prefix } } }
`.replace('GW', gateway.url),
    );
    handle = await startMetrics({ file, setGlobal: false });
    handle.meterProvider.getMeter('t').createCounter('mem.free').add(5);
    await handle.forceFlush();
    expect(gateway.bodies.join('\n')).toMatch(/ui_mem_free_total\{[^}]*\} 5/);
  });

  it('a policy naming an exporter kind no periodic reader has is a problem at its key', async () => {
    const file = writeConfig(
      HEADER +
        `distribution:
  meterwork:
    readers:
      - periodic: { exporter: { pushgateway: { url: "GW", job: j } } }
    policies:
      - { name: a, report: ["*"], exporters: [influxdb] }
`.replace('GW', gateway.url),
    );
    const error = (await startMetrics({ file, setGlobal: false }).catch((e: unknown) => e)) as ConfigFileError;
    expect(error).toBeInstanceOf(ConfigFileError);
    expect(error.problems).toEqual([
      {
        path: '/distribution/meterwork/policies/0/exporters/0',
        message: 'names no periodic reader of distribution.meterwork.readers; declared: pushgateway, found "influxdb"',
      },
    ]);
  });
});
