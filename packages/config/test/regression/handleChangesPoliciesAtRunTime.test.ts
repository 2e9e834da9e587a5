/**
 * Apps configured from a file could not change reporting policies at run
 * time: the PolicyMetricReader built from `policies` was hidden inside the
 * handle. The handle now exposes it (`policyReaders`) and `setPolicy`,
 * `removePolicy`, `setPolicies`; metrics rebind at the next report.
 */
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { startMetrics, type MetricsHandle, PolicyMetricReader } from '@meterwork/config';
import { HEADER, writeConfig } from '../helpers';

let server: Server;
let bodies: string[];
let url: string;
let handle: MetricsHandle | undefined;
beforeEach(async () => {
  bodies = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await handle?.shutdown();
  handle = undefined;
  server.close();
});

function file(policies: string): string {
  return writeConfig(
    HEADER +
      `distribution:
  meterwork:
    readers:
      - periodic: { interval: 3600000, exporter: { pushgateway: { url: "${url}", job: rt, serializer: { with_target_info: false } } } }
${policies}`,
  );
}

it('setPolicy, removePolicy and setPolicies on the handle rebind metrics at once', async () => {
  handle = await startMetrics({
    file: file('    policies:\n      - { name: cpu, interval: 3600000, report: ["cpu.*"], report_inactive: true }\n'),
    setGlobal: false,
  });
  expect(handle.policyReaders).toHaveLength(1);
  expect(handle.policyReaders[0]).toBeInstanceOf(PolicyMetricReader);
  const meter = handle.meterProvider.getMeter('t');
  meter.createCounter('cpu.srv').add(3);
  meter.createCounter('mem.free').add(5);

  await handle.forceFlush();
  expect(bodies.join('\n')).not.toContain('mem_free');

  handle.setPolicy({ name: 'mem', intervalMillis: 3_600_000, report: ['mem.*'], reportInactive: true });
  expect(handle.policies.map((p) => p.name)).toEqual(['cpu', 'mem']);
  bodies.length = 0;
  await handle.forceFlush();
  expect(bodies.join('\n')).toMatch(/mem_free_total\{[^}]*\} 5/);

  expect(handle.removePolicy('cpu')).toBe(true);
  expect(handle.removePolicy('cpu')).toBe(false);
  bodies.length = 0;
  await handle.forceFlush();
  expect(bodies.join('\n')).not.toContain('cpu_srv');
  expect(bodies.join('\n')).toContain('mem_free');

  handle.setPolicies([{ name: 'all', intervalMillis: 3_600_000, report: ['*'], reportInactive: true }]);
  expect(handle.policies.map((p) => p.name)).toEqual(['all']);
  bodies.length = 0;
  await handle.forceFlush();
  expect(bodies.join('\n')).toContain('cpu_srv');
  expect(bodies.join('\n')).toContain('mem_free');

  expect(() => handle!.setPolicy({ name: 'bad', intervalMillis: -1, report: ['x'] })).toThrow(/intervalMillis/);
  expect(handle.policies.map((p) => p.name)).toEqual(['all']);
}, 60_000);

it('without policies in the file, setPolicy says what the file needs', async () => {
  handle = await startMetrics({ file: file(''), setGlobal: false });
  expect(handle.policyReaders).toEqual([]);
  expect(handle.policies).toEqual([]);
  expect(() => handle!.setPolicy({ name: 'x', report: ['*'] })).toThrow(/setPolicy\(\) needs distribution\.meterwork\.policies/);
  expect(handle.removePolicy('x')).toBe(false);
}, 60_000);
