/**
 * A raw SOCKS5 CONNECT (RFC 1928, remote name resolution) that returns tor's
 * reply code instead of an error string: with `ExtendedErrors` tor answers
 * 0xF4 (onion descriptor cannot be decrypted: no client-authorisation key)
 * or 0xF5 (the key is wrong). socks-proxy-agent reports those codes only as
 * "rejected connection - undefined".
 */
import * as net from 'net';

export const SOCKS_REPLY = { succeeded: 0x00, onionMissingClientAuth: 0xf4, onionBadClientAuth: 0xf5 } as const;

/** The SOCKS5 reply code for CONNECT host:port through the proxy on 127.0.0.1:`socksPort`. */
export function socksConnectReply(socksPort: number, host: string, port: number, timeoutMillis = 90_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port: socksPort });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`SOCKS CONNECT ${host}:${port}: no reply within ${timeoutMillis} ms`));
    }, timeoutMillis);
    let stage: 'greeting' | 'connect' = 'greeting';
    let buffer = Buffer.alloc(0);
    const done = (error: Error | undefined, code?: number) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(code!);
    };
    socket.on('error', (error) => done(error));
    socket.on('connect', () => socket.write(Buffer.from([5, 1, 0])));
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (stage === 'greeting' && buffer.length >= 2) {
        if (buffer[0] !== 5 || buffer[1] !== 0) return done(new Error(`SOCKS greeting refused: ${buffer.subarray(0, 2).toString('hex')}`));
        buffer = buffer.subarray(2);
        stage = 'connect';
        const name = Buffer.from(host);
        socket.write(Buffer.concat([Buffer.from([5, 1, 0, 3, name.length]), name, Buffer.from([port >> 8, port & 255])]));
      } else if (stage === 'connect' && buffer.length >= 2) {
        done(undefined, buffer[1]);
      }
    });
  });
}
