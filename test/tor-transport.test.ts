/**
 * The Tor client end to end on a private Tor network: InfluxMetricExporter ->
 * TorTransport (supervised tor, anonymous profile) -> onion service (client
 * authorisation) -> ReceivingProxy (checks signatures and tags) -> influxd.
 * Points are read back exactly; the process's only TCP connections go to its
 * tor; the stored data holds the session id and nothing identifying; killing
 * tor mid-run loses nothing (it is restarted and the buffer drains).
 */
import * as fs from 'fs';
import * as os from 'os';
import { diag } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { spawn } from 'child_process';
import * as http from 'http';
import * as path from 'path';
import type { AddressInfo } from 'net';
import { InfluxMetricExporter } from '@meterwork/exporter-influx';
import { PushgatewayExporter } from '@meterwork/exporter-prometheus';
import { ReceivingProxy, SESSION_ID_ATTRIBUTE, TorTransport, generateClientAuthKeys, type ClientAuthKeys } from '@meterwork/transport-tor';
import { captureTcpConnections, type ConnectionCapture } from './helpers/connectionCapture';
import { describeWithBinaries, freePort, makeTempDir, requireBinary, startProcess, waitUntil, type RunningProcess } from './helpers/process';
import { startTorNetwork, type PublishedOnion, type TorNetwork } from './helpers/torNetwork';
import { rows, startInfluxd, type Influxd } from './fixtures/influx/servers';

const IDENTIFYING_RESOURCE = {
  'service.name': 'file-server',
  'service.version': '1.2.0',
  'host.name': os.hostname(),
  'host.ip': '10.1.2.3',
  'process.pid': process.pid,
  'process.owner': os.userInfo().username,
  'process.command_line': process.argv.join(' '),
  'os.type': 'linux',
  'service.instance.id': 'instance-42',
  'k8s.pod.name': 'pod-7',
};

describeWithBinaries(['tor', 'tor-gencert', 'influxd', 'prometheus-pushgateway'])(
  'TorTransport -> onion service (client auth) -> ReceivingProxy -> influxd (private Tor network)',
  () => {
    let network: TorNetwork;
    let influxd: Influxd;
    let onion: PublishedOnion;
    let proxy: ReceivingProxy;
    let keys: ClientAuthKeys;
    let transport: TorTransport | undefined;
    let capture: ConnectionCapture | undefined;
    let pushgateway: RunningProcess | undefined;
    let gatewayDir: string | undefined;
    let otlpServer: http.Server | undefined;

    beforeAll(async () => {
      diag.disable();
      influxd = await startInfluxd(requireBinary('influxd')!, { auth: false });
      await influxd.query('CREATE DATABASE metrics');
      network = await startTorNetwork({ torBinary: requireBinary('tor')!, clients: 0 });
      proxy = new ReceivingProxy({ upstream: `${influxd.url}/?db=metrics`, allowedTagKeys: ['route'] });
      const { port } = await proxy.listen();
      keys = generateClientAuthKeys();
      onion = await network.addOnion({ targetPort: port, clientAuthV3: [keys.publicKey] });
    }, 240_000);

    afterAll(async () => {
      capture?.stop();
      otlpServer?.closeAllConnections();
      otlpServer?.close();
      await pushgateway?.stop();
      if (gatewayDir) fs.rmSync(gatewayDir, { recursive: true, force: true });
      await transport?.stop();
      await network?.stop();
      await proxy?.close();
      await influxd?.stop();
      if (influxd) fs.rmSync(influxd.dir, { recursive: true, force: true });
    }, 60_000);

    it('delivers points through the onion anonymously, opening TCP connections only to its own tor; survives tor being killed', async () => {
      capture = captureTcpConnections();
      transport = await TorTransport.start({
        tor: {
          torrcLines: network.torrcLines,
          onionClientAuth: [{ address: onion.hostname, privateKey: keys.privateKey }],
          bootstrapTimeoutMillis: 90_000,
          restart: { initialDelayMillis: 200, maxDelayMillis: 1000 },
        },
        anonymous: { attributeKeys: ['route'], roundTimestampsMillis: 1000 },
      });
      const tor = transport.tor!;
      const torPorts = new Set([transport.socksPort, tor.controlPort!]);
      const exporter = new InfluxMetricExporter({
        url: `http://${onion.hostname}`,
        v1: { database: 'metrics' },
        ...transport.influxExporterOptions(),
        requestTimeoutMillis: 60_000,
        flushTimeoutMillis: 120_000,
        retry: { initialDelayMillis: 200, maxDelayMillis: 2000 },
      });
      const reader = new PeriodicExportingMetricReader({ exporter: transport.wrapExporter(exporter), exportIntervalMillis: 3_600_000 });
      const provider = new MeterProvider({ resource: resourceFromAttributes(IDENTIFYING_RESOURCE), readers: [reader] });
      const meter = provider.getMeter('file-server', '1.2.0');
      const requests = meter.createCounter('http.requests');
      const bytes = meter.createHistogram('http.response.bytes', { advice: { explicitBucketBoundaries: [100, 1000] } });

      requests.add(7, { route: '/files' });
      meter.createCounter('http.errors').add(1, { route: '/files', 'client.address': '192.168.0.9' }); // the address is removed
      bytes.record(50, { route: '/files' });
      bytes.record(500, { route: '/files' });
      await reader.forceFlush();
      const before = capture;
      before.stop(); // the test's own query to influxd is not the exporter's
      expect(rows(await influxd.query('SELECT "counter" FROM "http.requests"', 'metrics')).map((r) => r.counter)).toEqual([7]);
      capture = captureTcpConnections();

      // Kill tor mid-run: the next export waits in the buffer, tor is restarted, nothing is lost.
      const restarted = new Promise<void>((resolve) => tor.once('ready', () => resolve(void torPorts.add(tor.controlPort!))));
      process.kill(tor.pid!, 'SIGKILL');
      requests.add(5, { route: '/files' });
      const flushed = reader.forceFlush();
      await restarted;
      await flushed;
      expect(tor.restarts).toBe(1);
      expect(exporter.stats).toMatchObject({ droppedLines: 0, rejectedLines: 0 });
      // Every write was signed by the session and passed the receiver's tag policy.
      expect(proxy.stats()).toMatchObject({ rejectedTotal: 0 });
      expect(proxy.stats().forwarded.writes).toBeGreaterThanOrEqual(2);
      await provider.shutdown();
      capture.stop();

      // Only our tor: its SOCKS port, and (at each start, for ownership) its control port, on loopback.
      const all = [...before.connections, ...capture.connections];
      expect(all.filter((c) => c.port === transport!.socksPort).length).toBeGreaterThanOrEqual(2); // before and after the restart
      expect(all.filter((c) => !torPorts.has(c.port) || c.host !== '127.0.0.1')).toEqual([]);

      const sessionId = transport.profile!.sessionId;
      const counter = rows(await influxd.query('SELECT * FROM "http.requests" ORDER BY time', 'metrics'));
      // Exports within one rounded second share a timestamp (the later one overwrites): the last value is the total.
      expect(counter[counter.length - 1]!.counter).toBe(12);
      expect(rows(await influxd.query('SELECT * FROM "http.errors"', 'metrics'))[0]).toMatchObject({ counter: 1, route: '/files' });
      for (const row of counter) {
        expect(row).toMatchObject({ [SESSION_ID_ATTRIBUTE]: sessionId, route: '/files', 'service.name': 'file-server', 'service.version': '1.2.0' });
        expect(((row.time as string) ?? '').endsWith('.000Z') || /:\d\dZ$/.test(row.time as string)).toBe(true); // rounded to the second
      }
      const hist = rows(await influxd.query('SELECT * FROM "http.response.bytes"', 'metrics'));
      expect(hist[0]).toMatchObject({ count: 2, sum: 550 });

      // Nothing identifying anywhere in the stored data: tag keys and every value.
      const tagKeys = rows(await influxd.query('SHOW TAG KEYS', 'metrics')).map((r) => r.tagKey);
      expect(new Set(tagKeys)).toEqual(
        new Set([SESSION_ID_ATTRIBUTE, 'service.name', 'service.version', 'route', 'otel.library.name', 'otel.library.version']),
      );
      const dump = JSON.stringify(await influxd.query('SELECT * FROM /.*/', 'metrics'));
      // Quoted: whole string values (a short host name such as "vm" can occur inside a random session id).
      for (const secret of [os.hostname(), String(process.pid), os.userInfo().username, '10.1.2.3', '192.168.0.9', 'instance-42', 'pod-7', 'linux'])
        expect(dump).not.toContain(JSON.stringify(secret));
    }, 300_000);

    it("works with the Pushgateway exporter: signed pushes into the session's own group, through the onion and the receiving proxy", async () => {
      gatewayDir = makeTempDir('pushgateway');
      const gwPort = await freePort();
      pushgateway = startProcess('prometheus-pushgateway', 'prometheus-pushgateway', [
        `--web.listen-address=127.0.0.1:${gwPort}`,
        `--persistence.file=${path.join(gatewayDir, 'data')}`,
      ]);
      await waitUntil('pushgateway ready', async () => (await fetch(`http://127.0.0.1:${gwPort}/-/ready`)).status === 200, 30_000, pushgateway);
      const gwProxy = new ReceivingProxy({ upstream: `http://127.0.0.1:${gwPort}`, format: 'pushgateway', allowedTagKeys: ['route'] });
      const { port } = await gwProxy.listen();
      const gwKeys = generateClientAuthKeys();
      const gwOnion = await network.addOnion({ targetPort: port, clientAuthV3: [gwKeys.publicKey] });
      // A second transport (its own supervised tor and session) authorised for this service.
      const t2 = await TorTransport.start({
        tor: {
          torrcLines: network.torrcLines,
          onionClientAuth: [{ address: gwOnion.hostname, privateKey: gwKeys.privateKey }],
          bootstrapTimeoutMillis: 90_000,
        },
        anonymous: { attributeKeys: ['route'] },
      });
      try {
        const exporter = new PushgatewayExporter({
          url: `http://${gwOnion.hostname}`,
          job: 'file-server',
          ...t2.pushgatewayExporterOptions(),
          requestTimeoutMillis: 60_000,
          exportTimeoutMillis: 120_000,
        });
        const reader = new PeriodicExportingMetricReader({ exporter: t2.wrapExporter(exporter), exportIntervalMillis: 3_600_000 });
        const provider = new MeterProvider({ resource: resourceFromAttributes(IDENTIFYING_RESOURCE), readers: [reader] });
        provider.getMeter('file-server').createCounter('files.served').add(3, { route: '/files' });
        await reader.forceFlush();
        await provider.shutdown();
        expect(gwProxy.stats()).toMatchObject({ rejectedTotal: 0 });
        const text = await (await fetch(`http://127.0.0.1:${gwPort}/metrics`)).text();
        const sessionId = t2.profile!.sessionId;
        expect(text).toMatch(new RegExp(`files_served_total\\{[^}]*session_id="${sessionId}"[^}]*\\} 3`));
        for (const secret of [os.hostname(), 'instance-42', 'pod-7', '10.1.2.3']) expect(text).not.toContain(JSON.stringify(secret));
      } finally {
        await t2.stop();
        await gwProxy.close();
      }
    }, 240_000);

    it("works with OTel's OTLP/HTTP exporter through the agent factory it accepts (attached tor, child process on dist/)", async () => {
      const bodies: string[] = [];
      otlpServer = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          if (req.url === '/v1/metrics') bodies.push(body);
          res.setHeader('Content-Type', 'application/json');
          res.end('{}');
        });
      });
      await new Promise<void>((r) => otlpServer!.listen(0, '127.0.0.1', r));
      const otlpOnion = await network.addOnion({ targetPort: (otlpServer.address() as AddressInfo).port });
      const child = spawn(process.execPath, [path.join(__dirname, 'fixtures/tor/otlpThroughTor.js')], {
        env: { ...process.env, SOCKS_PORT: String(transport!.socksPort), OTLP_URL: `http://${otlpOnion.hostname}/v1/metrics` },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect({ code, err }).toEqual({ code: 0, err: '' });
      const [sessionId, pid] = out.trim().split(' ');
      expect(bodies.length).toBeGreaterThan(0);
      expect(bodies[0]).toContain('otlp.requests');
      expect(bodies[0]).toContain(sessionId);
      for (const secret of [os.hostname(), 'instance-42', pid!]) expect(bodies.join('')).not.toContain(JSON.stringify(secret));
    }, 180_000);
  },
);
