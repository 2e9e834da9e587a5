/**
 * socks-proxy-agent with errors that say what went wrong: it reads tor's
 * SOCKS reply code off the wire (the `socks` package drops the extended
 * ones) and fails the request with a {@link TorSocksError} naming the
 * destination, the code's meaning and what to do; a diag warning is logged
 * when a destination's failure changes (not once per retry).
 */
import * as net from 'net';
import * as tls from 'tls';
import type * as http from 'http';
import { diag } from '@opentelemetry/api';
import { SocksClient } from 'socks';
import { SocksProxyAgent, type SocksProxyAgentOptions } from 'socks-proxy-agent';
import { describeSocksReply, socks5ReplyCode } from './socksReply';

/** A request could not be connected through tor's SOCKS port. */
export class TorSocksError extends Error {
  constructor(
    message: string,
    /** The SOCKS5 reply code (e.g. 0xF4), when tor sent one. */
    readonly replyCode: number | undefined,
    /** `host:port` the request was for. */
    readonly destination: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TorSocksError';
  }
}

type ConnectOptions = Parameters<SocksProxyAgent['connect']>[1];

export class TorSocksAgent extends SocksProxyAgent {
  private readonly _lastWarned = new Map<string, string>();

  constructor(proxyUrl: string, options?: SocksProxyAgentOptions) {
    super(proxyUrl, options);
  }

  override async connect(req: http.ClientRequest, opts: ConnectOptions): Promise<net.Socket> {
    const host = opts.host ?? '';
    const port = typeof opts.port === 'number' ? opts.port : parseInt(String(opts.port), 10);
    const destination = `${host}:${port}`;
    // Our own socket to tor, so the proxy's reply bytes can be read; `socks` negotiates on it.
    const socket = net.connect({ host: this.proxy.host, port: this.proxy.port });
    const head: Buffer[] = [];
    let headLength = 0;
    const tap = (chunk: Buffer) => {
      if (headLength < 16) {
        head.push(chunk);
        headLength += chunk.length;
      }
    };
    socket.on('data', tap);
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      });
      socket.removeAllListeners('error');
      const { socket: established } = await SocksClient.createConnection({
        proxy: this.proxy,
        destination: { host, port },
        command: 'connect',
        existing_socket: socket,
        ...(this.timeout !== null ? { timeout: this.timeout } : {}),
      });
      socket.off('data', tap);
      this._lastWarned.delete(destination);
      req.emit('proxy', { proxy: this.proxyUrl, socket: established });
      if (opts.secureEndpoint) {
        const tlsOptions: Record<string, unknown> = { ...opts, socket: established };
        for (const key of ['host', 'path', 'port']) delete tlsOptions[key]; // they would make tls open its own connection
        if (!net.isIP(host)) tlsOptions.servername = host;
        const tlsSocket = tls.connect(tlsOptions as tls.ConnectionOptions);
        tlsSocket.once('error', () => established.destroy());
        return tlsSocket;
      }
      return established;
    } catch (error) {
      socket.off('data', tap);
      socket.destroy();
      throw this._explain(error, socks5ReplyCode(Buffer.concat(head)), destination);
    }
  }

  private _explain(error: unknown, code: number | undefined, destination: string): TorSocksError {
    const cause = error instanceof Error ? error.message : String(error);
    const what =
      code !== undefined && code !== 0
        ? describeSocksReply(code)
        : cause.includes('ECONNREFUSED')
          ? `tor's SOCKS port ${this.proxy.host}:${this.proxy.port} refuses connections (tor down or restarting); the exporter keeps its buffer and retries, never connecting directly`
          : cause;
    const message = `@meterwork/transport-tor: cannot reach ${destination} through tor: ${what}`;
    if (this._lastWarned.get(destination) !== what) {
      this._lastWarned.set(destination, what);
      diag.warn(message);
    }
    return new TorSocksError(message, code !== 0 ? code : undefined, destination, { cause: error });
  }
}
