import * as http from 'http';
import * as https from 'https';

export interface TransportResponse {
  readonly status: number;
  readonly retryAfter: string | undefined;
  /** Response body (truncated to 64 KiB): InfluxDB puts the error there. */
  readonly body: string;
}

/** Sends one body of lines; rejects on network errors and timeouts. */
export interface Transport {
  send(body: string): Promise<TransportResponse>;
  close(): void;
}

export interface HttpTransportOptions {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  /** The user's agent (e.g. a SOCKS agent for Tor); not destroyed by `close()`. */
  readonly agent?: http.Agent;
  readonly timeoutMillis: number;
  /** Per-request headers computed from what is sent (e.g. a signature). */
  readonly requestHeaders?: ((request: { method: 'POST'; target: string; body: string }) => Readonly<Record<string, string>>) | undefined;
}

const MAX_BODY = 64 * 1024;

/**
 * Plain `http`/`https` POST. We own it (rather than the influxdb-client
 * transport) so that every request goes through the user's agent, has a
 * timeout, and our own keep-alive agent is destroyed on close.
 */
export class HttpTransport implements Transport {
  private readonly ownAgent: http.Agent | undefined;
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;

  constructor(private readonly options: HttpTransportOptions) {
    const secure = options.url.protocol === 'https:';
    this.request = secure ? https.request : http.request;
    if (options.agent !== undefined) {
      this.agent = options.agent;
    } else {
      this.ownAgent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
      this.agent = this.ownAgent;
    }
  }

  send(body: string): Promise<TransportResponse> {
    return new Promise((resolve, reject) => {
      const payload = Buffer.from(body, 'utf8');
      let extra: Readonly<Record<string, string>> | undefined;
      try {
        extra = this.options.requestHeaders?.({ method: 'POST', target: this.options.url.pathname + this.options.url.search, body });
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      const req = this.request(
        this.options.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            ...this.options.headers,
            ...extra,
            'Content-Type': 'text/plain; charset=utf-8',
            'Content-Length': String(payload.length),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (text.length < MAX_BODY) text += chunk;
          });
          res.on('end', () => {
            const retryAfter = res.headers['retry-after'];
            resolve({ status: res.statusCode ?? 0, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, body: text.slice(0, MAX_BODY) });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(this.options.timeoutMillis, () => {
        req.destroy(new Error(`request timed out after ${this.options.timeoutMillis} ms`));
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.ownAgent?.destroy();
  }
}
