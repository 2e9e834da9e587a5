/**
 * The site VLite proxies, started by the example on loopback so it needs no
 * internet (monkit's README proxies hasthelargehadroncolliderdestroyedtheworldyet.com).
 * `/slow` answers after 200 ms (the README's `time.Sleep`), `/reset` drops
 * the connection (a failure in the proxy's stats), anything else after 1-20 ms.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface Upstream {
  readonly url: string;
  close(): Promise<void>;
}

export async function startUpstream(): Promise<Upstream> {
  const server = http.createServer((req, res) => {
    if (req.url === '/reset') {
      req.socket.destroy();
      return;
    }
    const delay = req.url === '/slow' ? 200 : 1 + Math.floor(Math.random() * 20);
    setTimeout(() => {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`No. The Large Hadron Collider has not destroyed the world yet (you asked for ${req.url ?? '/'}).\n`);
    }, delay);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
