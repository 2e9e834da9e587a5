/**
 * Records every TCP connection the test process opens, by wrapping
 * `net.Socket.prototype.connect` (the `net.client.socket` diagnostics channel
 * only sees `net.connect()`, while the `socks` library does
 * `new net.Socket().connect()`). IPC (path) connections are not TCP and are skipped.
 */
import * as net from 'net';

export interface CapturedConnection {
  readonly host: string;
  readonly port: number;
}

export interface ConnectionCapture {
  readonly connections: readonly CapturedConnection[];
  stop(): void;
}

export function captureTcpConnections(): ConnectionCapture {
  const connections: CapturedConnection[] = [];
  const original = net.Socket.prototype.connect;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- connect() has four overloads; we only read the arguments
  net.Socket.prototype.connect = function (this: net.Socket, ...args: any[]) {
    const first = Array.isArray(args[0]) ? args[0][0] : args[0]; // internal calls pass [options, cb]
    if (first && typeof first === 'object' && first.path === undefined && first.port !== undefined) {
      connections.push({ host: String(first.host ?? 'localhost'), port: Number(first.port) });
    } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
      connections.push({ host: typeof args[1] === 'string' ? args[1] : 'localhost', port: Number(first) });
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof original;
  return {
    connections,
    stop: () => {
      net.Socket.prototype.connect = original;
    },
  };
}
