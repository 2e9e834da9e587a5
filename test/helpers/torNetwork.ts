/**
 * A private Tor network on 127.0.0.1 for the integration tests: 4 directory
 * authorities that are also guard/middle/exit/HSDir relays, client(s) with a
 * SOCKS port, and onion host(s) where tests publish services with ADD_ONION.
 * TypeScript port of the verified recipe tor-private-network.sh (FIELD-NOTES.md
 * "A private Tor network on loopback"): free ports, temp dirs, waits for the
 * consensus, client bootstrap and `HS_DESC UPLOADED`; teardown SIGTERM, then
 * SIGKILL after 5 s; `__OwningControllerProcess` so nothing outlives the test.
 *
 * One network per test file (`beforeAll`, ~15-30 s on a busy 2-core machine).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { SocksProxyAgent } from 'socks-proxy-agent';
import { TorControlConnection, parseKeywords, type TorControlEvent } from '@meterwork/transport-tor';
import { freePort, makeTempDir, startProcess, type RunningProcess } from './process';
import {
  LOOPBACK,
  authorityTorrc,
  clientTorrc,
  commonTorrc,
  networkTorrcLines,
  onionHostTorrc,
  votingStartOffset,
  type AuthorityIdentity,
} from './torNetworkConfig';

export interface TorNode {
  readonly nickname: string;
  readonly dataDir: string;
  readonly controlPort: number;
  readonly cookieFile: string;
  readonly proc: RunningProcess;
  /** A new authenticated control connection (close it when done). */
  control(): Promise<TorControlConnection>;
}

export interface TorClientNode extends TorNode {
  readonly socksPort: number;
  /** `ClientOnionAuthDir`: put `<name>.auth_private` files here for client authorisation. */
  readonly onionAuthDir: string;
}

export interface PublishedOnion {
  /** The 56-character service id (the address without `.onion`). */
  readonly serviceId: string;
  readonly hostname: string;
}

export interface TorNetwork {
  readonly dir: string;
  readonly authorities: readonly TorNode[];
  readonly clients: readonly TorClientNode[];
  readonly onionHosts: readonly TorNode[];
  /** torrc lines (TestingTorNetwork, DirAuthority, ...) that make another tor join this network. */
  readonly torrcLines: readonly string[];
  /**
   * Publishes `virtualPort` -> 127.0.0.1:`targetPort` on an onion host (default the first) and
   * waits for the first `HS_DESC UPLOADED`. `clientAuthV3` lists base32 x25519 public keys.
   */
  addOnion(options: { targetPort: number; virtualPort?: number; clientAuthV3?: readonly string[]; host?: TorNode }): Promise<PublishedOnion>;
  /** Stops every node (SIGTERM, SIGKILL after 5 s) and removes the temp dir. */
  stop(): Promise<void>;
}

export interface TorNetworkOptions {
  readonly torBinary: string;
  /** @default 1 */
  readonly clients?: number;
  /** @default 1 */
  readonly onionHosts?: number;
  /** Bounds the whole bring-up. @default 120000 */
  readonly timeoutMillis?: number;
}

const AUTHORITIES = 4; // 3 relays are too few for onion paths (4 distinct relays needed)

function run(command: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${err}${out}`))));
    child.stdin.end(input ?? '');
  });
}

async function authorityIdentity(torBinary: string, dir: string, index: number): Promise<AuthorityIdentity> {
  const nickname = `auth${index}`;
  const dataDir = path.join(dir, nickname);
  fs.mkdirSync(path.join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  const [orPort, dirPort, controlPort] = [await freePort(), await freePort(), await freePort()];
  const keys = path.join(dataDir, 'keys');
  const gencert = path.join(path.dirname(torBinary), 'tor-gencert');
  const gencertBinary = fs.existsSync(gencert) ? gencert : 'tor-gencert';
  // tor-gencert/tor --list-fingerprint parallel for the 4 authorities: ~1 CPU-second each.
  await run(
    gencertBinary,
    [
      '--create-identity-key',
      '--passphrase-fd',
      '0',
      '-m',
      '12',
      '-a',
      `${LOOPBACK}:${dirPort}`,
      '-i',
      `${keys}/authority_identity_key`,
      '-s',
      `${keys}/authority_signing_key`,
      '-c',
      `${keys}/authority_certificate`,
    ],
    'pass\n',
  );
  const cert = fs.readFileSync(`${keys}/authority_certificate`, 'utf8');
  const v3ident = /^fingerprint (\S+)/m.exec(cert)![1]!;
  const listed = await run(torBinary, ['--ignore-missing-torrc', '-f', `${dataDir}/none`, '--orport', '1', '--datadirectory', dataDir, '--list-fingerprint']);
  const lastLine = listed.trim().split('\n').pop()!;
  const fingerprint = lastLine.split(' ').slice(1).join('');
  return { nickname, orPort, dirPort, controlPort, v3ident, fingerprint };
}

function makeNode(torBinary: string, nickname: string, dataDir: string, controlPort: number, torrc: string[]): TorNode {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const torrcPath = path.join(dataDir, 'torrc');
  fs.writeFileSync(torrcPath, torrc.join('\n') + '\n');
  const proc = startProcess(nickname, torBinary, ['-f', torrcPath]);
  const cookieFile = path.join(dataDir, 'control_auth_cookie');
  return {
    nickname,
    dataDir,
    controlPort,
    cookieFile,
    proc,
    control: () => TorControlConnection.open({ port: controlPort, timeoutMillis: 30_000 }, { cookieFile }),
  };
}

function exited(node: TorNode): boolean {
  return node.proc.child.exitCode !== null || node.proc.child.signalCode !== null;
}

function noticeLog(node: TorNode): string {
  try {
    return fs.readFileSync(path.join(node.dataDir, 'notice.log'), 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return node.proc.output();
  }
}

/** Polls `check` every 200 ms; fails early, with the node's log, if a watched node exits. */
async function waitFor(what: string, deadline: number, nodes: readonly TorNode[], check: () => Promise<boolean>): Promise<void> {
  for (;;) {
    const dead = nodes.find(exited);
    if (dead) throw new Error(`tor ${dead.nickname} exited before ${what}:\n${dead.proc.output()}\n${noticeLog(dead)}`);
    try {
      if (await check()) return;
    } catch {
      /* not ready yet */
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${nodes.map((n) => `--- ${n.nickname}\n${noticeLog(n)}`).join('\n')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function httpGet(url: string, agent?: http.Agent, timeoutMillis = 5000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, timeout: timeoutMillis }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: timeout after ${timeoutMillis} ms`)));
    req.on('error', reject);
  });
}

/** GET through a tor SOCKS port with remote name resolution (socks5h); SOCKS credentials isolate circuits. */
export function getThroughTor(
  socksPort: number,
  url: string,
  options: { timeoutMillis?: number; isolation?: string } = {},
): Promise<{ status: number; body: string }> {
  const auth = options.isolation ? `${encodeURIComponent(options.isolation)}:x@` : '';
  const agent = new SocksProxyAgent(`socks5h://${auth}${LOOPBACK}:${socksPort}`, { timeout: options.timeoutMillis ?? 30_000 });
  return httpGet(url, agent, options.timeoutMillis ?? 30_000).finally(() => agent.destroy());
}

/** Waits until `GETINFO status/bootstrap-phase` says PROGRESS=100. */
export async function waitForBootstrap(node: TorNode, timeoutMillis = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  await waitFor(`${node.nickname} bootstrapped 100%`, deadline, [node], async () => {
    if (!fs.existsSync(node.cookieFile)) return false;
    const control = await node.control();
    try {
      return parseKeywords(await control.getInfo('status/bootstrap-phase')).get('PROGRESS') === '100';
    } finally {
      control.close();
    }
  });
}

async function consensusRelayCount(dirPort: number): Promise<number> {
  const { status, body } = await httpGet(`http://${LOOPBACK}:${dirPort}/tor/status-vote/current/consensus`, undefined, 2000);
  return status === 200 ? body.split('\n').filter((l) => l.startsWith('r ')).length : 0;
}

async function stopNodes(nodes: readonly TorNode[]): Promise<void> {
  await Promise.all(nodes.map((n) => n.proc.stop()));
}

export async function startTorNetwork(options: TorNetworkOptions): Promise<TorNetwork> {
  const { torBinary } = options;
  const deadline = Date.now() + (options.timeoutMillis ?? 120_000);
  const dir = makeTempDir('tornet');
  const nodes: TorNode[] = [];
  const stop = async () => {
    await stopNodes(nodes);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const identities = await Promise.all(Array.from({ length: AUTHORITIES }, (_, i) => authorityIdentity(torBinary, dir, i)));
    const torrcLines = networkTorrcLines(identities);
    const common = (nickname: string, controlPort: number) =>
      commonTorrc({ nickname, dataDir: path.join(dir, nickname), controlPort, authorities: identities, ownerPid: process.pid });

    const offset = votingStartOffset(Date.now() / 1000);
    const authorities = identities.map((a) =>
      makeNode(torBinary, a.nickname, path.join(dir, a.nickname), a.controlPort, [...common(a.nickname, a.controlPort), ...authorityTorrc(a, offset)]),
    );
    nodes.push(...authorities);
    // Clients and services started before the consensus lists every relay build bad paths.
    await waitFor(
      `the consensus to list all ${AUTHORITIES} relays`,
      deadline,
      authorities,
      async () => (await consensusRelayCount(identities[0]!.dirPort)) >= AUTHORITIES,
    );

    const clients: TorClientNode[] = [];
    for (let i = 0; i < (options.clients ?? 1); i++) {
      const nickname = `client${i}`;
      const [controlPort, socksPort] = [await freePort(), await freePort()];
      const onionAuthDir = path.join(dir, nickname, 'onion_auth');
      fs.mkdirSync(onionAuthDir, { recursive: true, mode: 0o700 });
      const node = makeNode(torBinary, nickname, path.join(dir, nickname), controlPort, [
        ...common(nickname, controlPort),
        ...clientTorrc(socksPort, onionAuthDir),
      ]);
      nodes.push(node);
      clients.push({ ...node, socksPort, onionAuthDir });
    }
    const onionHosts: TorNode[] = [];
    for (let i = 0; i < (options.onionHosts ?? 1); i++) {
      const nickname = `hs${i}`;
      const controlPort = await freePort();
      const node = makeNode(torBinary, nickname, path.join(dir, nickname), controlPort, [...common(nickname, controlPort), ...onionHostTorrc()]);
      nodes.push(node);
      onionHosts.push(node);
    }
    await Promise.all([...clients, ...onionHosts].map((n) => waitForBootstrap(n, Math.max(1000, deadline - Date.now()))));

    const addOnion: TorNetwork['addOnion'] = async ({ targetPort, virtualPort = 80, clientAuthV3 = [], host = onionHosts[0] }) => {
      if (!host) throw new Error('startTorNetwork: no onion host (options.onionHosts is 0)');
      const control = await host.control();
      try {
        const uploaded = new Set<string>();
        let notify = () => {};
        control.on('event', (event: TorControlEvent) => {
          const words = event.lines[0]!.split(' ');
          // 650 HS_DESC UPLOADED <service id> UNKNOWN <hsdir> ...
          if (words[1] === 'UPLOADED' && words[2]) uploaded.add(words[2]);
          notify();
        });
        await control.setEvents(['HS_DESC']);
        const auth = clientAuthV3.map((k) => ` ClientAuthV3=${k}`).join('');
        const flags = clientAuthV3.length > 0 ? 'Detach,DiscardPK,V3Auth' : 'Detach,DiscardPK';
        const reply = await control.command(`ADD_ONION NEW:ED25519-V3 Flags=${flags}${auth} Port=${virtualPort},${LOOPBACK}:${targetPort}`);
        const serviceId = parseKeywords(reply.lines.join(' ')).get('ServiceID')!;
        await waitFor(`HS_DESC UPLOADED for ${serviceId}`, Date.now() + 60_000, [host], async () => {
          if (uploaded.has(serviceId)) return true;
          await new Promise<void>((r) => {
            notify = r;
            setTimeout(r, 1000).unref();
          });
          return uploaded.has(serviceId);
        });
        return { serviceId, hostname: `${serviceId}.onion` };
      } finally {
        control.close();
      }
    };

    return { dir, authorities, clients, onionHosts, torrcLines, addOnion, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
