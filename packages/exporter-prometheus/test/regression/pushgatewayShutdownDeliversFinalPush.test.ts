/**
 * Regression: after a 503, `shutdown()` awaited a retry delay whose timer was
 * unref'd; the process exited there with code 0, the final push lost and
 * nothing said. Now shutdown cuts the delay short and retries at once
 * (bounded by `exportTimeoutMillis`), keeps the process alive while it waits,
 * and reports a push that still fails through diag and the export result.
 * The child runs the built dist/ (`npx tsc -b` first).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';

const PACKAGE = path.join(__dirname, '..', '..');
const FIXTURE = path.join(__dirname, 'fixtures', 'pushThenShutdown.js');

interface FakeGateway {
  readonly url: string;
  /** Bodies of the requests received, in order. */
  readonly bodies: string[];
  close(): Promise<void>;
}

/** Answers the first `failures` requests with 503, then 200. */
async function fakeGateway(failures: number): Promise<FakeGateway> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(body);
      res.statusCode = bodies.length <= failures ? 503 : 200;
      res.end(res.statusCode === 503 ? 'overloaded' : '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function runChild(env: Record<string, string>): Promise<{ output: string; code: number | null; millis: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [FIXTURE], { cwd: PACKAGE, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 45000);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ output, code, millis: Date.now() - started });
    });
  });
}

describe('Pushgateway shutdown after a 503 (child process on dist/)', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(PACKAGE, 'dist', 'index.js'))) throw new Error('build first: npx tsc -b');
  });

  it('delivers the final push at once and exits 0', async () => {
    const gateway = await fakeGateway(1);
    try {
      const { output, code, millis } = await runChild({ GATEWAY_URL: gateway.url, EXPORT_TIMEOUT_MILLIS: '30000', SHUTDOWN_AFTER_MILLIS: '500' });
      expect(output).toMatch(/export result SUCCESS/);
      expect(output).toMatch(/shutdown resolved after \d+ ms/);
      expect(code).toBe(0);
      // the 503, then the retry shutdown made at once (the backoff was 60 s)
      expect(gateway.bodies).toHaveLength(2);
      expect(gateway.bodies[1]).toMatch(/^final_value\{[^}]*\} 42$/m);
      expect(millis).toBeLessThan(30000);
    } finally {
      await gateway.close();
    }
  }, 60000);

  it('with the gateway still failing, shutdown ends after exportTimeoutMillis and says so', async () => {
    const gateway = await fakeGateway(Infinity);
    try {
      const { output, code } = await runChild({ GATEWAY_URL: gateway.url, EXPORT_TIMEOUT_MILLIS: '2000', SHUTDOWN_AFTER_MILLIS: '300' });
      expect(output).toMatch(/PushgatewayExporter: push to \S+ failed: PUT \S+ answered 503: overloaded \(gave up: export timeout of 2000 ms reached\)/);
      expect(output).toMatch(/export result FAILED/);
      expect(output).toMatch(/shutdown resolved/);
      expect(code).toBe(3);
      expect(gateway.bodies.length).toBeGreaterThanOrEqual(2);
    } finally {
      await gateway.close();
    }
  }, 60000);
});
