// Regression: socks-proxy-agent reported tor's extended SOCKS errors as "rejected connection - undefined".
// A missing client-authorisation key (0xF4) now says so and says what to pass.
import * as http from 'http';
import * as net from 'net';
import type { AddressInfo } from 'net';
import { createTorAgent } from '../../src/agent/createTorAgent';

it('0xF4 from tor is reported as missing client authorisation, not "undefined"', async () => {
  const server = net.createServer((socket) => {
    let stage = 0;
    socket.on('data', () => socket.write(Buffer.from(stage++ === 0 ? [5, 0] : [5, 0xf4, 0, 1, 0, 0, 0, 0, 0, 0])));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const agent = createTorAgent({ socksPort: (server.address() as AddressInfo).port });
  try {
    const error = await new Promise<Error>((resolve) =>
      http.get({ host: `${'b'.repeat(56)}.onion`, port: 80, agent }, () => resolve(new Error('connected'))).on('error', resolve),
    );
    expect(error.message).toContain('SOCKS 0xF4 (the onion service requires client authorisation): pass its client key: onionClientAuth');
    expect(error.message).not.toContain('undefined');
  } finally {
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});
