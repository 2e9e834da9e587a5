import * as http from 'http';
import type { AddressInfo } from 'net';

export interface RecordedRequest {
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly lines: string[];
}

export type Reply = (req: RecordedRequest, res: http.ServerResponse) => void;

/** In-process fake for responses a real server will not give on demand (port 0). */
export class FakeInflux {
  readonly requests: RecordedRequest[] = [];
  /** Requests being handled now, and the most at once. */
  inFlight = 0;
  maxInFlight = 0;
  /** Consumed in order; when empty, `fallback` answers. */
  readonly replies: Reply[] = [];
  fallback: Reply = (_req, res) => {
    res.writeHead(204).end();
  };
  private readonly server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const recorded: RecordedRequest = { url: req.url ?? '', headers: req.headers, lines: body.split('\n') };
      this.requests.push(recorded);
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      res.on('finish', () => this.inFlight--);
      res.on('close', () => undefined);
      (this.replies.shift() ?? this.fallback)(recorded, res);
    });
  });

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Lines of the requests answered 2xx so far are not tracked here; tests combine `requests` with replies. */
  allLines(): string[] {
    return this.requests.flatMap((r) => r.lines);
  }

  /** `keepAliveTimeoutMillis`: how long idle client connections are kept open (Node's default is 5 s). */
  start(options: { keepAliveTimeoutMillis?: number } = {}): Promise<void> {
    if (options.keepAliveTimeoutMillis !== undefined) this.server.keepAliveTimeout = options.keepAliveTimeoutMillis;
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export const status =
  (code: number, body = '', headers: Record<string, string> = {}): Reply =>
  (_req, res) => {
    res.writeHead(code, { 'Content-Type': 'application/json', ...headers }).end(body);
  };
