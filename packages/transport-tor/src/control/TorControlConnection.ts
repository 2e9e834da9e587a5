/**
 * A small client for tor's control port (control-spec): authenticate (cookie,
 * password or none, discovered through PROTOCOLINFO), send commands one at a
 * time in order, read replies, receive asynchronous events. Shared by the
 * supervisor (bootstrap, ownership), the receiver (ADD_ONION) and the tests.
 */
import { EventEmitter } from 'events';
import { promises as fs } from 'fs';
import * as net from 'net';
import { ReplyParser, type TorControlReply } from './ReplyParser';
import { TorControlError } from './TorControlError';

/** Where a control port listens. */
export interface TorControlAddress {
  /** @default '127.0.0.1' */
  readonly host?: string | undefined;
  readonly port: number;
  /** Bounds connecting and each command's reply. @default 30000 */
  readonly timeoutMillis?: number | undefined;
}

/** How to authenticate; with neither field, PROTOCOLINFO decides (NULL, then COOKIE with the file tor names). */
export interface TorControlAuth {
  /** Path of tor's `control_auth_cookie`. @default the COOKIEFILE that PROTOCOLINFO reports */
  readonly cookieFile?: string | undefined;
  /** For `HashedControlPassword`. @default undefined */
  readonly password?: string | undefined;
}

/** An asynchronous event (`650 ...`): its type (`HS_DESC`, `STATUS_CLIENT`, ...) and full text lines. */
export interface TorControlEvent {
  readonly type: string;
  readonly lines: readonly string[];
}

interface Waiter {
  resolve(reply: TorControlReply): void;
  reject(error: Error): void;
}

/** Quotes a string for the control protocol (QuotedString). */
export function quoteControlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Parses `KEY=value KEY2="quoted value"` into a map (as in PROTOCOLINFO, HS_DESC, bootstrap status). */
export function parseKeywords(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([A-Za-z0-9_]+)=("((?:[^"\\]|\\.)*)"|\S*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.set(m[1]!, m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[2]!);
  return out;
}

/**
 * One control connection. Emits `event` (TorControlEvent) for subscribed
 * events and `close` (Error | undefined) once.
 */
export class TorControlConnection extends EventEmitter {
  private readonly _waiters: Waiter[] = [];
  private readonly _parser = new ReplyParser((reply) => this._onReply(reply));
  private _closed: Error | undefined;
  private _queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly _socket: net.Socket,
    private readonly _timeoutMillis: number,
  ) {
    super();
    _socket.setEncoding('utf8');
    _socket.on('data', (chunk: string) => this._parser.push(chunk));
    _socket.on('error', (error) => this._close(new TorControlError(`tor control connection failed: ${error.message}`)));
    _socket.on('close', () => this._close(new TorControlError('tor control connection closed')));
  }

  /** Connects (no authentication yet). */
  static connect(address: TorControlAddress): Promise<TorControlConnection> {
    const host = address.host ?? '127.0.0.1';
    const timeoutMillis = address.timeoutMillis ?? 30_000;
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port: address.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TorControlError(`tor control port ${host}:${address.port}: no connection within ${timeoutMillis} ms`));
      }, timeoutMillis);
      timer.unref();
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new TorControlError(`tor control port ${host}:${address.port}: ${error.message}`));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new TorControlConnection(socket, timeoutMillis));
      });
    });
  }

  /** Connects and authenticates. */
  static async open(address: TorControlAddress, auth: TorControlAuth = {}): Promise<TorControlConnection> {
    const connection = await TorControlConnection.connect(address);
    try {
      await connection.authenticate(auth);
      return connection;
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  /** True once the socket closed or failed. */
  get closed(): boolean {
    return this._closed !== undefined;
  }

  async authenticate(auth: TorControlAuth = {}): Promise<void> {
    if (auth.password !== undefined) {
      await this.command(`AUTHENTICATE ${quoteControlString(auth.password)}`);
      return;
    }
    let cookieFile = auth.cookieFile;
    if (cookieFile === undefined) {
      const info = await this.command('PROTOCOLINFO 1');
      const authLine = info.lines.find((l) => l.startsWith('AUTH '));
      const keywords = parseKeywords(authLine ?? '');
      const methods = (keywords.get('METHODS') ?? '').split(',');
      if (methods.includes('NULL')) {
        await this.command('AUTHENTICATE');
        return;
      }
      cookieFile = keywords.get('COOKIEFILE');
      if (!methods.includes('COOKIE') || cookieFile === undefined) {
        throw new TorControlError(`tor control port offers authentication ${methods.join(',')}: give a password or a cookie file`);
      }
    }
    const cookie = await fs.readFile(cookieFile);
    await this.command(`AUTHENTICATE ${cookie.toString('hex')}`);
  }

  /**
   * Sends one command line (or a multi-line command ending in `\r\n.`) and
   * resolves with its reply; rejects with TorControlError on a non-2xx status.
   */
  command(line: string): Promise<TorControlReply> {
    const run = this._queue.then(() => this._send(line));
    this._queue = run.catch(() => undefined);
    return run;
  }

  /** `GETINFO key`: the value (data blocks included). */
  async getInfo(key: string): Promise<string> {
    const reply = await this.command(`GETINFO ${key}`);
    const prefix = `${key}=`;
    const line = reply.lines.find((l) => l.startsWith(prefix));
    if (line === undefined) throw new TorControlError(`GETINFO ${key}: no value in reply`, reply.code);
    return line.slice(prefix.length).replace(/^\n/, '');
  }

  /** `SETEVENTS`: replaces the set of subscribed events. */
  async setEvents(types: readonly string[]): Promise<void> {
    await this.command(`SETEVENTS ${types.join(' ')}`.trim());
  }

  /**
   * `TAKEOWNERSHIP`: tor exits when this connection closes (with
   * `__OwningControllerProcess`, when our process dies too).
   */
  async takeOwnership(): Promise<void> {
    await this.command('TAKEOWNERSHIP');
  }

  /** Closes the socket; pending commands reject. */
  close(): void {
    this._socket.destroy();
    this._close(new TorControlError('tor control connection closed'));
  }

  private _send(line: string): Promise<TorControlReply> {
    if (this._closed) return Promise.reject(this._closed);
    return new Promise<TorControlReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this._close(new TorControlError(`tor control: no reply to ${line.split(' ')[0]} within ${this._timeoutMillis} ms`));
        this._socket.destroy();
      }, this._timeoutMillis);
      timer.unref();
      this._waiters.push({
        resolve: (reply) => {
          clearTimeout(timer);
          if (reply.code >= 200 && reply.code < 300) resolve(reply);
          else reject(new TorControlError(`tor control: ${line.split(' ')[0]} failed: ${reply.code} ${reply.lines.join(' ')}`, reply.code));
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this._socket.write(`${line}\r\n`);
    });
  }

  private _onReply(reply: TorControlReply): void {
    if (reply.code >= 600 && reply.code < 700) {
      const type = reply.lines[0]?.split(' ')[0] ?? '';
      this.emit('event', { type, lines: reply.lines } satisfies TorControlEvent);
      return;
    }
    this._waiters.shift()?.resolve(reply);
  }

  private _close(error: Error): void {
    if (this._closed) return;
    this._closed = error;
    for (const waiter of this._waiters.splice(0)) waiter.reject(error);
    this.emit('close', error);
  }
}
