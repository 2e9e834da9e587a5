/**
 * examples/anonymous-telemetry, built, end to end on the private Tor network:
 * the example starts its own tor (joined to the network through
 * TOR_TORRC_LINES_FILE), sends through an onion service with client
 * authorisation and the receiving proxy into influxd; the stored data holds
 * the file server's metrics under one session id and nothing identifying.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ReceivingProxy, generateClientAuthKeys } from '@meterwork/transport-tor';
import { describeWithBinaries, makeTempDir, requireBinary } from './helpers/process';
import { startTorNetwork, type TorNetwork } from './helpers/torNetwork';
import { rows, startInfluxd, type Influxd } from './fixtures/influx/servers';

const EXAMPLE = path.join(__dirname, '../examples/anonymous-telemetry/dist/index.js');

describeWithBinaries(['tor', 'tor-gencert', 'influxd'])('examples/anonymous-telemetry (built) on a private Tor network', () => {
  let network: TorNetwork;
  let influxd: Influxd;
  let proxy: ReceivingProxy;
  let dir: string;

  beforeAll(async () => {
    [influxd, network] = await Promise.all([
      startInfluxd(requireBinary('influxd')!, { auth: false }),
      startTorNetwork({ torBinary: requireBinary('tor')!, clients: 0 }),
    ]);
    await influxd.query('CREATE DATABASE metrics');
    proxy = new ReceivingProxy({ upstream: `${influxd.url}/?db=metrics` });
    dir = makeTempDir('anon-example');
  }, 240_000);

  afterAll(async () => {
    await proxy?.close();
    await Promise.all([network?.stop(), influxd?.stop()]);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('stores the file server metrics under one session id, and nothing about the host', async () => {
    const { port } = await proxy.listen();
    const keys = generateClientAuthKeys();
    const onion = await network.addOnion({ targetPort: port, clientAuthV3: [keys.publicKey] });
    const torrcFile = path.join(dir, 'torrc-lines');
    fs.writeFileSync(torrcFile, network.torrcLines.join('\n'));
    const child = spawn(process.execPath, [EXAMPLE], {
      env: {
        ...process.env,
        RECEIVER_ONION: onion.hostname,
        RECEIVER_CLIENT_KEY: keys.privateKey,
        TOR_TORRC_LINES_FILE: torrcFile,
        DEMO_DURATION_MS: '6000',
        DEMO_EXPORT_INTERVAL_MS: '2000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    let out = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, tail: code === 0 ? '' : err.slice(-2000) }).toEqual({ code: 0, tail: '' });
    expect(out).toMatch(/bootstrap 100%/); // diag.info goes to stdout
    expect(err).not.toMatch(/is not allowed and was removed/); // the example's own attributes all pass the profile
    const sessionId = /session ([a-z2-7]{32})/.exec(err)![1]!;

    const measurements = rows(await influxd.query('SHOW MEASUREMENTS', 'metrics')).map((r) => r.name);
    expect(measurements).toEqual(expect.arrayContaining(['fileserver.bytes_sent', 'fileserver.request.duration', 'fileserver.transfer.size']));
    const sessions = rows(await influxd.query('SHOW TAG VALUES WITH KEY = "session.id"', 'metrics')).map((r) => r.value);
    expect(new Set(sessions)).toEqual(new Set([sessionId]));
    expect(proxy.stats().rejectedTotal).toBe(0);
    const dump = JSON.stringify(await influxd.query('SELECT * FROM /.*/', 'metrics'));
    for (const secret of [os.hostname(), os.userInfo().username, process.execPath]) expect(dump).not.toContain(JSON.stringify(secret));
    expect(dump).not.toContain(`"${child.pid}"`); // no string value is the pid (numbers may contain its digits)
    expect(dump).toContain('"unknown_service"'); // the SDK's default name, without the executable path
  }, 240_000);
});
