import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { diag } from '@opentelemetry/api';
import { OWNER, resolveReceiverOptions, type ReceivingProxyOptions, type ResolvedReceiverOptions } from './options';
import { REJECTION_HEADER, REJECTION_STATUS, type Rejection } from './rejections';
import { ReceiverCounters, type ReceiverStats } from './ReceiverStats';
import { WriteGate, type GateDecision } from './WriteGate';

/** Request headers passed to the upstream; everything else (user agent, the session headers, the client's Authorization) stays here. */
const FORWARDED_HEADERS = ['content-type', 'content-encoding'] as const;

/**
 * The receiving proxy in front of the database: it reads each write whole,
 * lets `WriteGate` decide (session signature, anonymity policy,
 * per-session caps), and forwards accepted writes in one request to the
 * upstream, answering with the upstream's status and body. Refused writes
 * get a JSON `{ "error": "<reason>: <message>" }` (the shape InfluxDB
 * clients print), the status of `REJECTION_STATUS`, a `meterwork-rejection`
 * header and, for caps, `Retry-After`; each reason is counted ({@link stats}).
 * Only the write endpoint of the format is served (InfluxDB `/ping` too):
 * no queries reach the database through it.
 */
export class ReceivingProxy {
  private readonly options: ResolvedReceiverOptions;
  private readonly gate: WriteGate;
  private readonly counters = new ReceiverCounters();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  private server: http.Server | undefined;

  /** Validates `options` (throws `InvalidOptionError`); starts nothing. */
  constructor(options: ReceivingProxyOptions) {
    this.options = resolveReceiverOptions(options);
    this.gate = new WriteGate(this.options);
  }

  /** Counters since construction. */
  stats(): ReceiverStats {
    return this.counters.snapshot(this.gate.activeSessions);
  }

  /** Listens on `host:port` (port 0: a free one); resolves with the bound address. */
  listen(port = 0, host = '127.0.0.1'): Promise<{ host: string; port: number }> {
    if (this.server !== undefined) return Promise.reject(new Error(`${OWNER}: already listening`));
    const server = http.createServer(this.handle);
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        const a = server.address() as AddressInfo;
        resolve({ host: a.address, port: a.port });
      });
    });
  }

  /** Stops listening, closes idle connections and the upstream agent. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    this.agent.destroy();
  }

  /** The request handler, for mounting the proxy in a server of your own. */
  readonly handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    if (this.options.format === 'influx' && (method === 'GET' || method === 'HEAD') && target.split('?')[0] === '/ping') {
      res.writeHead(204).end();
      return;
    }
    const route = this.gate.checkRoute(method, target);
    if (route !== undefined && !route.ok) {
      this.refuse(req, res, route);
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.options.maxBodyBytes) {
      this.refuse(req, res, { ok: false, reason: 'body-too-large', message: `the body is larger than ${this.options.maxBodyBytes} bytes` });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > this.options.maxBodyBytes) {
        refused = true;
        this.refuse(req, res, { ok: false, reason: 'body-too-large', message: `the body is larger than ${this.options.maxBodyBytes} bytes` });
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      refused = true; // the client went away: nothing to forward, nobody to answer
    });
    req.on('end', () => {
      if (refused) return;
      const body = Buffer.concat(chunks, size);
      this.gate.decide({ method, target, headers: req.headers, body }).then(
        (decision) => (decision.ok ? this.forward(req, res, decision.forwardTarget, body, decision) : this.refuse(req, res, decision)),
        (error: unknown) => {
          diag.error(`${OWNER}: deciding on ${method} ${target.split('?')[0]} failed`, error);
          if (!res.headersSent) res.writeHead(500).end();
        },
      );
    });
  };

  private refuse(req: http.IncomingMessage, res: http.ServerResponse, decision: Extract<GateDecision, { ok: false }>): void {
    const reason: Rejection = decision.reason;
    const status = REJECTION_STATUS[reason];
    this.counters.reject(reason);
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json', [REJECTION_HEADER]: reason };
    if (decision.retryAfterMillis !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(decision.retryAfterMillis / 1000)));
    // A body we stop reading: close the connection after answering rather than drain it.
    if (!req.complete) headers.connection = 'close';
    if (!res.headersSent) res.writeHead(status, headers).end(JSON.stringify({ error: `${reason}: ${decision.message}` }));
    if (!req.complete) res.once('finish', () => req.destroy());
    try {
      this.options.onRejected?.({ reason, status, message: decision.message, method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] as string });
    } catch (error) {
      diag.error(`${OWNER}: option "onRejected" threw`, error);
    }
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse, target: string, body: Buffer, decision: Extract<GateDecision, { ok: true }>): void {
    const url = upstreamUrl(this.options.upstream, target);
    const headers: http.OutgoingHttpHeaders = { 'content-length': body.length };
    for (const name of FORWARDED_HEADERS) if (req.headers[name] !== undefined) headers[name] = req.headers[name];
    if (this.options.upstreamAuthorization !== undefined) headers.authorization = this.options.upstreamAuthorization;
    const upstream = http.request(url, { method: req.method, headers, agent: this.agent, timeout: this.options.requestTimeoutMillis }, (up) => {
      const status = up.statusCode ?? 502;
      this.counters.writes++;
      this.counters.bytes += decision.cost.bytes;
      this.counters.lines += decision.cost.lines;
      if (status < 200 || status >= 300) this.counters.upstreamErrors++;
      const out: http.OutgoingHttpHeaders = {};
      for (const name of ['content-type', 'retry-after', 'x-influxdb-error', 'x-influxdb-version'])
        if (up.headers[name] !== undefined) out[name] = up.headers[name];
      res.writeHead(status, out);
      up.pipe(res);
    });
    upstream.on('timeout', () => upstream.destroy(new Error(`no answer within ${this.options.requestTimeoutMillis} ms`)));
    upstream.on('error', (error) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      this.refuse(req, res, { ok: false, reason: 'upstream-unreachable', message: `the upstream ${this.options.upstream.host} failed: ${error.message}` });
    });
    upstream.end(body);
  }
}

/** The upstream URL for a write: upstream path prefix + write path; upstream query parameters override the write's. */
export function upstreamUrl(upstream: URL, target: string): URL {
  const incoming = new URL(target, 'http://receiver.invalid');
  const url = new URL(upstream.href);
  url.pathname = upstream.pathname.replace(/\/$/, '') + incoming.pathname;
  const params = new URLSearchParams(incoming.search);
  for (const [k, v] of upstream.searchParams) params.set(k, v);
  url.search = params.toString();
  return url;
}
