import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { InvalidOptionError } from '@meterwork/core';
import { createPresentHandler, type PresentHandler } from './createPresentHandler';
import type { PresentServerOptions } from './options';

const OWNER = 'startPresentServer';

/** A running present server. */
export interface PresentServer {
  /** The bound address, e.g. `127.0.0.1`. */
  readonly host: string;
  readonly port: number;
  /** e.g. `http://127.0.0.1:9000` (IPv6 bracketed), with `basePath`. */
  readonly url: string;
  readonly server: Server;
  /** Ends waiting traces and dashboard streams, closes every connection, stops listening. */
  close(): Promise<void>;
}

/** Serves the present endpoint on its own server (loopback, port 9000 unless told otherwise). */
export async function startPresentServer(options: PresentServerOptions = {}): Promise<PresentServer> {
  validateListen(options);
  return listenWith(createPresentHandler(options), options);
}

function validateListen(options: PresentServerOptions): void {
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host.length === 0) throw new InvalidOptionError(OWNER, 'host', 'must be a non-empty string', host);
  const port = options.port ?? 9000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidOptionError(OWNER, 'port', 'must be an integer in [0, 65535]', port);
}

/** @internal Serves `handler` on its own server. */
export async function listenWith(handler: PresentHandler, options: PresentServerOptions): Promise<PresentServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 9000;
  const server = createServer((req, res) => handler.requestHandler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.unref();
  const address = server.address() as AddressInfo;
  const urlHost = address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    host: address.address,
    port: address.port,
    url: `http://${urlHost}:${address.port}${options.basePath ?? ''}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        handler.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
