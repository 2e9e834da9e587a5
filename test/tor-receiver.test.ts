/**
 * The receiver side of issue 10 on a private Tor network: `meterwork-receiver
 * serve` (built dist, a child process) publishes the receiving proxy in front
 * of a real influxd as a v3 onion service with client authorisation. Checks:
 * a client without the key gets SOCKS 0xF4, one with a wrong key 0xF5, one
 * with the key writes and the points are read back exactly; forged session
 * ids and bad signatures are refused by the proxy; a flooding session is
 * capped while another gets through; SIGTERM removes the service and prints
 * the counters. One network, one influxd, one receiver for the whole file.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { SocksProxyAgent } from 'socks-proxy-agent';
import {
  SESSION_HEADERS,
  Session,
  TorSocksError,
  clientAuthControlCommand,
  createTorAgent,
  generateClientAuthKeys,
  publishOnionService,
  type ClientAuthKeys,
} from '@meterwork/transport-tor';
import { describeWithBinaries, requireBinary } from './helpers/process';
import { SOCKS_REPLY, socksConnectReply } from './helpers/socksProbe';
import { startTorNetwork, type TorNetwork } from './helpers/torNetwork';
import { rows, startInfluxd, type Influxd } from './fixtures/influx/servers';

const CLI = path.join(__dirname, '../packages/transport-tor/dist/cli/main.js');
const LINES_PER_MINUTE = 40;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** POST through tor (socks5h, an isolated circuit per session) to the onion service, signed by `session` unless `sign` changes the headers. */
function postThroughTor(
  socksPort: number,
  onion: string,
  target: string,
  body: string,
  session: Session,
  sign: (headers: Record<string, string>) => Record<string, string> = (h) => h,
): Promise<Reply> {
  const agent = new SocksProxyAgent(`socks5h://${session.id}:x@127.0.0.1:${socksPort}`, { timeout: 90_000 });
  const headers = sign(session.signRequest({ method: 'POST', target, body }));
  return new Promise<Reply>((resolve, reject) => {
    const req = http.request(
      `http://${onion}${target}`,
      { method: 'POST', agent, headers: { ...headers, 'content-type': 'text/plain' }, timeout: 90_000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('request through tor timed out')));
    req.on('error', reject);
    req.end(body);
  }).finally(() => agent.destroy());
}

describeWithBinaries(['tor', 'tor-gencert', 'influxd'])('meterwork-receiver on a private Tor network', () => {
  let network: TorNetwork;
  let influxd: Influxd;
  let receiver: ChildProcess;
  let stdout = '';
  let stderr = '';
  let onion: string;
  let keys: ClientAuthKeys;
  let exited: Promise<number | null>;

  beforeAll(async () => {
    [influxd, network] = await Promise.all([
      startInfluxd(requireBinary('influxd')!, { auth: false }),
      startTorNetwork({ torBinary: requireBinary('tor')!, clients: 2 }),
    ]);
    await influxd.query('CREATE DATABASE metrics');
    keys = generateClientAuthKeys();
    const host = network.onionHosts[0]!;
    receiver = spawn(
      process.execPath,
      [
        CLI,
        'serve',
        '--upstream',
        `${influxd.url}/?db=metrics`,
        '--control',
        String(host.controlPort),
        '--control-cookie',
        host.cookieFile,
        '--client-auth',
        keys.serviceLine,
        '--allow-tag',
        'route',
        '--lines-per-minute',
        String(LINES_PER_MINUTE),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    receiver.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    receiver.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    exited = new Promise((resolve) => receiver.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 120_000;
    // The address is printed once the descriptor is uploaded.
    while (!/\.onion\n/.test(stdout)) {
      if (receiver.exitCode !== null) throw new Error(`meterwork-receiver exited ${receiver.exitCode}:\n${stderr}`);
      if (Date.now() > deadline) throw new Error(`no onion address from meterwork-receiver:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    onion = stdout.trim().split('\n')[0]!;
    const control = await network.clients[0]!.control();
    try {
      await control.command(clientAuthControlCommand(onion, keys));
    } finally {
      control.close();
    }
  }, 240_000);

  afterAll(async () => {
    if (receiver && receiver.exitCode === null) receiver.kill('SIGKILL');
    await Promise.all([network?.stop(), influxd?.stop()]);
  }, 60_000);

  it('prints a v3 onion address and says the service has client authorisation', () => {
    expect(onion).toMatch(/^[a-z2-7]{56}\.onion$/);
    expect(stderr).toContain('1 authorised client key(s)');
  });

  it('a client without the key cannot reach the service (SOCKS 0xF4), one with a wrong key gets 0xF5', async () => {
    const socksPort = network.clients[1]!.socksPort;
    expect(await socksConnectReply(socksPort, onion, 80)).toBe(SOCKS_REPLY.onionMissingClientAuth);
    // What a user of the agent sees: the code in words, the onion address and what to pass.
    const agent = createTorAgent({ socksPort });
    try {
      const error = await new Promise<unknown>((resolve) => http.get({ host: onion, port: 80, agent }, () => resolve('connected')).on('error', resolve));
      expect(error).toBeInstanceOf(TorSocksError);
      expect((error as TorSocksError).replyCode).toBe(SOCKS_REPLY.onionMissingClientAuth);
      expect((error as TorSocksError).message).toContain(`cannot reach ${onion}:80 through tor: SOCKS 0xF4 (the onion service requires client authorisation)`);
    } finally {
      agent.destroy();
    }
    const control = await network.clients[1]!.control();
    try {
      await control.command(clientAuthControlCommand(onion, generateClientAuthKeys()));
    } finally {
      control.close();
    }
    expect(await socksConnectReply(socksPort, onion, 80)).toBe(SOCKS_REPLY.onionBadClientAuth);
  }, 180_000);

  it('an authorised client writes signed points through the onion service and they are stored exactly', async () => {
    const session = Session.create();
    const body = `requests,session.id=${session.id},route=/a count=3i,mean=1.5 1700000000000000000\nrequests,session.id=${session.id},route=/b count=4i 1700000000000000000\n`;
    const reply = await postThroughTor(network.clients[0]!.socksPort, onion, '/write?db=ignored&precision=ns', body, session);
    expect(reply).toMatchObject({ status: 204 });
    const stored = rows(await influxd.query(`SELECT * FROM requests WHERE "session.id" = '${session.id}' GROUP BY *`, 'metrics'));
    expect(stored.map((r) => [r.route, r.count, r.mean])).toEqual([
      ['/a', 3, 1.5],
      ['/b', 4, null],
    ]);
    expect(Object.keys(stored[0]!).sort()).toEqual(['_measurement', 'count', 'mean', 'route', 'session.id', 'time']);
  }, 180_000);

  it('refuses a forged session id and a bad signature (401) and stores nothing of them', async () => {
    const socksPort = network.clients[0]!.socksPort;
    const victim = Session.create();
    const attacker = Session.create();
    const forgedBody = `requests,session.id=${victim.id} count=99i`;
    const forged = await postThroughTor(socksPort, onion, '/write', forgedBody, attacker, (h) => ({ ...h, [SESSION_HEADERS.sessionId]: victim.id }));
    expect(forged.status).toBe(401);
    expect(forged.headers['meterwork-rejection']).toBe('session-id-mismatch');
    const badSig = await postThroughTor(socksPort, onion, '/write', forgedBody, attacker, (h) => ({
      ...h,
      [SESSION_HEADERS.publicKey]: victim.publicKey.toString('base64url'),
      [SESSION_HEADERS.sessionId]: victim.id,
    }));
    expect(badSig.status).toBe(401);
    expect(JSON.parse(badSig.body).error).toMatch(/^bad-signature: /);
    expect(rows(await influxd.query(`SELECT * FROM requests WHERE "session.id" = '${victim.id}'`, 'metrics'))).toEqual([]);
  }, 180_000);

  it('caps a flooding session (429) while another session still gets through', async () => {
    const socksPort = network.clients[0]!.socksPort;
    const flood = Session.create();
    const lines = (s: Session, n: number, from: number) =>
      Array.from({ length: n }, (_, i) => `flood,session.id=${s.id} v=${from + i}i ${1700000000 + from + i}000000000`).join('\n');
    let capped: Reply | undefined;
    let accepted = 0;
    // 10 lines a write against a cap of 40 a minute: the 5th write is refused
    // (or the 9th, if a minute boundary falls between them).
    for (let i = 0; i < 12 && capped === undefined; i++) {
      const reply = await postThroughTor(socksPort, onion, '/write', lines(flood, 10, i * 10), flood);
      if (reply.status === 429) capped = reply;
      else {
        expect(reply.status).toBe(204);
        accepted += 10;
      }
    }
    expect(capped).toBeDefined();
    expect(capped!.headers['meterwork-rejection']).toBe('lines-cap');
    expect(Number(capped!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const other = Session.create();
    expect((await postThroughTor(socksPort, onion, '/write', lines(other, 10, 0), other)).status).toBe(204);
    const stored = rows(await influxd.query(`SELECT count(v) FROM flood GROUP BY "session.id"`, 'metrics'));
    const countOf = (s: Session) => stored.find((r) => r['session.id'] === s.id)?.count;
    expect(countOf(flood)).toBe(accepted);
    expect(countOf(other)).toBe(10);
  }, 300_000);

  it('a persistent key file keeps the onion address across publications (publishOnionService)', async () => {
    const host = network.onionHosts[0]!;
    const keyFile = path.join(network.dir, 'receiver-onion.key');
    const publish = () =>
      publishOnionService({
        control: { port: host.controlPort },
        controlAuth: { cookieFile: host.cookieFile },
        target: { port: 9 },
        clientAuthV3: [keys.serviceLine],
        keyFile,
      });
    const first = await publish();
    expect(first.newKey).toBe(true);
    await first.remove();
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(keyFile, 'utf8')).toMatch(/^ED25519-V3:[A-Za-z0-9+/]{86}==\n$/);
    const second = await publish();
    expect(second.newKey).toBe(false);
    expect(second.serviceId).toBe(first.serviceId);
    await second.remove();
  }, 180_000);

  it('SIGTERM removes the service and prints the counters', async () => {
    receiver.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain(`SIGTERM: removing ${onion}`);
    expect(stderr).toMatch(/forwarded \d+ writes .* rejected \d+ \(.*lines-cap=1.*\)/);
    expect(stderr).toMatch(/bad-signature=1/);
    expect(stderr).toMatch(/session-id-mismatch=1/);
  }, 60_000);
});
