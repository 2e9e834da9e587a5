/**
 * The private Tor network helper itself: a client fetches through an exit
 * and through an onion service published with ADD_ONION; teardown leaves no
 * tor running.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { describeWithBinaries, requireBinary } from './helpers/process';
import { getThroughTor, startTorNetwork, type TorNetwork } from './helpers/torNetwork';

describeWithBinaries(['tor', 'tor-gencert'])('private Tor network (test helper)', () => {
  let network: TorNetwork;
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('hello from loopback'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    network = await startTorNetwork({ torBinary: requireBinary('tor')! });
  }, 180_000);
  afterAll(async () => {
    await network?.stop();
    server?.close();
  }, 60_000);

  it('reaches a loopback server through an exit', async () => {
    const { status, body } = await getThroughTor(network.clients[0]!.socksPort, `http://127.0.0.1:${port}/`, { timeoutMillis: 60_000 });
    expect(status).toBe(200);
    expect(body).toBe('hello from loopback');
  }, 120_000);

  it('reaches a server through an onion service added at run time', async () => {
    const onion = await network.addOnion({ targetPort: port });
    expect(onion.hostname).toMatch(/^[a-z2-7]{56}\.onion$/);
    const { status, body } = await getThroughTor(network.clients[0]!.socksPort, `http://${onion.hostname}/`, { timeoutMillis: 90_000 });
    expect(status).toBe(200);
    expect(body).toBe('hello from loopback');
  }, 120_000);

  it('stops every node on teardown', async () => {
    const nodes = [...network.authorities, ...network.clients, ...network.onionHosts];
    await network.stop();
    for (const node of nodes) expect(node.proc.child.exitCode !== null || node.proc.child.signalCode !== null).toBe(true);
  }, 60_000);
});
