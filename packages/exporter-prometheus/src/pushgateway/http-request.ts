import * as http from 'http';
import * as https from 'https';

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
  /** The `Retry-After` header, if any. */
  readonly retryAfter: string | undefined;
}

/**
 * One HTTP request with a hard timeout covering connect, upload and response.
 * Resolves with any status (the caller decides what is retryable); rejects on
 * network errors and timeouts. The timer is unref'd: the request's socket
 * keeps the process alive while it is under way, and nothing longer.
 */
export function httpRequest(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMillis: number,
  agent?: http.Agent,
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
    const allHeaders: Record<string, string | number> = { ...headers };
    if (payload !== undefined) allHeaders['Content-Length'] = payload.length;
    let settled = false;
    const req = client.request(url, { method, headers: allHeaders, ...(agent !== undefined ? { agent } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const retryAfter = res.headers['retry-after'];
        finish(undefined, {
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
        });
      });
      res.on('error', (err) => finish(err));
    });
    const timer = setTimeout(() => req.destroy(new Error(`request timed out after ${timeoutMillis} ms`)), timeoutMillis);
    timer.unref();
    function finish(err: Error | undefined, res?: HttpResponse): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(res!);
    }
    req.on('error', (err) => finish(err));
    req.end(payload);
  });
}
