import { createServer, type Server, type Socket } from 'net';
import { startMetrics, type MetricsHandle } from '@meterwork/config';
import { torTransportOptions } from '../src/build/torTransport';
import { HEADER, writeConfig } from './helpers';

describe('the tor block maps 1:1 onto TorTransportOptions', () => {
  it('attach, supervised tor (restart "Infinity") and anonymous options', () => {
    expect(
      torTransportOptions({
        tor: {
          torPath: '/usr/bin/tor',
          socksPort: 'auto',
          torrcLines: ['X 1'],
          onionClientAuth: [{ address: 'a.onion', privateKey: 'K' }],
          restart: { maxRetries: 'Infinity', initialDelayMillis: 10 },
          healthyAfterMillis: 30_000,
          stopTimeoutMillis: 5,
        },
        anonymous: { attributeKeys: ['http.route'], roundTimestampsMillis: 60_000 },
      }),
    ).toEqual({
      tor: {
        torPath: '/usr/bin/tor',
        socksPort: 'auto',
        torrcLines: ['X 1'],
        onionClientAuth: [{ address: 'a.onion', privateKey: 'K' }],
        restart: { maxRetries: Infinity, initialDelayMillis: 10 },
        healthyAfterMillis: 30_000,
        stopTimeoutMillis: 5,
      },
      anonymous: { attributeKeys: ['http.route'], roundTimestampsMillis: 60_000 },
    });
    expect(torTransportOptions({ attach: { socksPort: 9050, controlAuth: { cookieFile: '/c' } }, anonymous: true })).toEqual({
      attach: { socksPort: 9050, controlAuth: { cookieFile: '/c' } },
      anonymous: true,
    });
  });
});

describe('an influxdb exporter with transport: tor', () => {
  let socks: Server;
  let direct: Server;
  let greetings: Buffer[];
  let directConnections: number;
  let handle: MetricsHandle | undefined;
  const sockets: Socket[] = [];
  beforeEach(async () => {
    greetings = [];
    directConnections = 0;
    // A stand-in for tor's SOCKS port: records the client's first bytes and never answers.
    socks = createServer((s) => {
      sockets.push(s);
      s.once('data', (d: Buffer) => greetings.push(d));
    });
    direct = createServer((s) => {
      directConnections++;
      s.destroy();
    });
    await new Promise<void>((r) => socks.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => direct.listen(0, '127.0.0.1', r));
  });
  afterEach(async () => {
    for (const s of sockets) s.destroy();
    // The stand-in never answers: the final flush times out, which is not what this test checks.
    await handle?.shutdown().catch(() => undefined);
    handle = undefined;
    socks.close();
    direct.close();
  });

  it("connects to the tor block's SOCKS port (socks5), never to the InfluxDB address directly", async () => {
    const socksPort = (socks.address() as { port: number }).port;
    const influxPort = (direct.address() as { port: number }).port;
    const file = writeConfig(
      HEADER +
        `distribution:
  meterwork:
    readers:
      - periodic:
          interval: 3600000
          exporter:
            influxdb: { url: "http://127.0.0.1:${influxPort}", v1: { database: d }, transport: tor, request_timeout_millis: 1000, flush_timeout_millis: 1000, retry: { max_retries: 0 } }
    tor:
      attach: { socks_port: ${socksPort} }
      anonymous: true
`,
    );
    handle = await startMetrics({ file, setGlobal: false });
    handle.meterProvider.getMeter('t').createCounter('jobs').add(1);
    void handle.forceFlush().catch(() => undefined);
    for (let i = 0; i < 400 && greetings.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(greetings.length).toBeGreaterThan(0);
    expect(greetings[0]![0]).toBe(0x05); // SOCKS version 5
    expect(directConnections).toBe(0);
  }, 60_000);
});
