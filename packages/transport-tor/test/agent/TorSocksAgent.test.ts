// tor's SOCKS replies become clear errors: a tiny SOCKS5 server on 127.0.0.1 answers each code.
import * as http from 'http';
import * as net from 'net';
import type { AddressInfo } from 'net';
import { createTorAgent } from '../../src/agent/createTorAgent';
import { TorSocksError } from '../../src/agent/TorSocksAgent';
import { socks5ReplyCode } from '../../src/agent/socksReply';
import { captureDiagLines } from '../tor/fakeRuntime';

const ONION = 'a'.repeat(56) + '.onion';

/** Accepts username/password auth (as tor does with IsolateSOCKSAuth) and answers every CONNECT with `reply`. */
async function fakeSocksServer(reply: number): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((socket) => {
    let stage = 0;
    socket.on('data', (data) => {
      if (stage === 0) socket.write(Buffer.from([0x05, data.subarray(2, 2 + data[1]!).includes(0x02) ? 0x02 : 0x00]));
      else if (stage === 1 && data[0] === 0x01) socket.write(Buffer.from([0x01, 0x00]));
      else if (data[0] === 0x05) {
        socket.write(Buffer.from([0x05, reply, 0x00, 0x01, 0, 0, 0, 0, 0, 0]));
        if (reply !== 0) socket.end();
        else socket.once('data', () => socket.end('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n'));
      }
      stage++;
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function get(agent: http.Agent, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host, port: 80, path: '/', agent }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

describe('TorSocksAgent errors', () => {
  const cases: [number, RegExp][] = [
    [0xf0, /SOCKS 0xF0 \(onion service descriptor not found\): the service is not published/],
    [0xf1, /SOCKS 0xF1 \(onion service descriptor is invalid\)/],
    [0xf2, /SOCKS 0xF2 \(onion service introduction failed\)/],
    [0xf3, /SOCKS 0xF3 \(onion service rendezvous failed\)/],
    [0xf4, /SOCKS 0xF4 \(the onion service requires client authorisation\): pass its client key: onionClientAuth/],
    [0xf5, /SOCKS 0xF5 \(the onion service rejected our client-authorisation key\)/],
    [0xf6, /SOCKS 0xF6 \(invalid onion address\)/],
    [0xf7, /SOCKS 0xF7 \(onion service introduction timed out\)/],
    [0x05, /SOCKS 0x05 \(connection refused\)/],
  ];

  it.each(cases)('reply 0x%s: a TorSocksError naming the onion address, the meaning and what to do, and one diag warning', async (code, text) => {
    const server = await fakeSocksServer(code);
    const log = captureDiagLines();
    const agent = createTorAgent({ socksPort: server.port, isolation: 'session-1' });
    try {
      const error = (await get(agent, ONION).catch((e: unknown) => e)) as TorSocksError;
      expect(error).toBeInstanceOf(TorSocksError);
      expect(error.replyCode).toBe(code);
      expect(error.destination).toBe(`${ONION}:80`);
      expect(error.message).toMatch(new RegExp(`cannot reach ${ONION}:80 through tor: `));
      expect(error.message).toMatch(text);
      expect(error.message).not.toContain('undefined');
      await get(agent, ONION).catch(() => undefined); // the same failure again: no second warning
      expect(log.lines.filter((l) => l.startsWith('warn'))).toEqual([`warn ${error.message}`]);
    } finally {
      agent.destroy();
      log.restore();
      await server.close();
    }
  });

  it('still connects when tor grants the request', async () => {
    const server = await fakeSocksServer(0x00);
    const agent = createTorAgent({ socksPort: server.port, keepAlive: false });
    try {
      expect(await get(agent, ONION)).toBe(204);
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  it("says tor's SOCKS port refuses connections when tor is down", async () => {
    const server = await fakeSocksServer(0);
    const port = server.port;
    await server.close();
    const agent = createTorAgent({ socksPort: port });
    const log = captureDiagLines();
    try {
      const error = (await get(agent, ONION).catch((e: unknown) => e)) as TorSocksError;
      expect(error).toBeInstanceOf(TorSocksError);
      expect(error.replyCode).toBeUndefined();
      expect(error.message).toContain(`tor's SOCKS port 127.0.0.1:${port} refuses connections`);
    } finally {
      agent.destroy();
      log.restore();
    }
  });

  it('reads the reply code with and without username/password authentication', () => {
    expect(socks5ReplyCode(Buffer.from([5, 0, 5, 0xf4, 0, 1]))).toBe(0xf4);
    expect(socks5ReplyCode(Buffer.from([5, 2, 1, 0, 5, 0xf5, 0, 1]))).toBe(0xf5);
    expect(socks5ReplyCode(Buffer.from([5, 2, 1, 0]))).toBeUndefined();
    expect(socks5ReplyCode(Buffer.from([4, 0x5a]))).toBeUndefined();
  });
});
