/**
 * monkit README's VLite ("VReallyLite"), a barebones caching proxy without
 * the cache: `handleHTTP` and `proxy` are tasks of the scope `vlite`, so
 * every request shows up in `/funcs`, `/ps`, traces and the dashboard.
 */
import * as http from 'http';
import type { Counter, Histogram } from '@opentelemetry/api';
import { scope } from '@meterwork/tasks';

// monkit's `var mon = monkit.Package()`.
const mon = scope('vlite');

export interface VLiteMetrics {
  /** Requests (a meterwork `meter`: EWMA rates). */
  readonly requests: Counter;
  /** Request duration in seconds with the status code (a meterwork go/no-go split). */
  readonly duration: Histogram;
  /** Response body sizes in bytes (a meterwork reservoir with quantiles). */
  readonly responseSize: Histogram;
}

export class VLite {
  constructor(
    private readonly target: URL,
    private readonly metrics: VLiteMetrics,
  ) {}

  /** Forwards the request to the target, with the target's host as the vhost. */
  @mon.task()
  async proxy(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const upstream = http.request(
        new URL(req.url ?? '/', this.target),
        { method: req.method, headers: { ...req.headers, host: this.target.host } }, // let the proxied server get the right vhost
        (answer) => {
          let bytes = 0;
          answer.on('data', (chunk: Buffer) => (bytes += chunk.length));
          answer.once('end', () => {
            this.metrics.responseSize.record(bytes);
            resolve();
          });
          answer.once('error', reject);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.once('error', reject);
      req.pipe(upstream);
    });
  }

  @mon.task()
  async handleHTTP(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // here's where you'd put caching logic
    this.metrics.requests.add(1);
    const start = performance.now();
    try {
      await this.proxy(req, res);
    } finally {
      this.metrics.duration.record((performance.now() - start) / 1000, { 'http.response.status_code': res.headersSent ? res.statusCode : 502 });
    }
  }
}
