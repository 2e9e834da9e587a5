/**
 * Regression: with the server down, `shutdown()` must settle (deliver or
 * reject after `flushTimeoutMillis`) and then let the process exit by itself.
 * Every delivery timer was unref'd, so a process awaiting shutdown during a
 * retry backoff exited at once: shutdown never settled and the buffered lines
 * were dropped without a word.
 *
 * The child runs the built package (dist/): `npx tsc -b` first. Each test has an
 * explicit generous timeout: under load, child start-up alone took over jest's
 * 5 s default (1 run in 8).
 */
import { spawn } from 'child_process';
import * as net from 'net';
import * as path from 'path';
import { FakeInflux } from '../delivery/fakeServer';

const FIXTURE = path.join(__dirname, 'fixtures', 'exportThenShutdown.js');

/** Runs the fixture; resolves with its output and how long it took to exit on its own. */
function runChild(url: string, flushTimeoutMillis: number, env: Record<string, string> = {}): Promise<{ output: string; millis: number; code: number | null }> {
  const started = Date.now();
  const child = spawn(process.execPath, [FIXTURE], {
    cwd: path.join(__dirname, '..', '..'),
    env: { ...process.env, INFLUX_URL: url, FLUSH_TIMEOUT_MILLIS: String(flushTimeoutMillis), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 50000);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ output, millis: Date.now() - started, code });
    });
  });
}

/** A loopback port with nothing listening (connections are refused). */
async function downPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('process exit after shutdown (child process)', () => {
  it('server down: shutdown rejects after flushTimeoutMillis, then the process exits by itself', async () => {
    const port = await downPort();
    const { output, millis, code } = await runChild(`http://127.0.0.1:${port}`, 1500);
    expect(output).toMatch(/shutdown rejected: .*flush timed out after 1500 ms with \d+ line\(s\) undelivered/);
    expect(code).toBe(0);
    expect(millis).toBeGreaterThanOrEqual(1500);
    expect(millis).toBeLessThan(15000);
  }, 60000);

  it.each([
    ['our own keep-alive agent (destroyed)', {}],
    ["the user's keep-alive agent (left open: its idle sockets are unref'd)", { USER_AGENT: '1' }],
  ])(
    'server up: shutdown delivers, then the process exits at once, with %s',
    async (_what, env) => {
      const server = new FakeInflux();
      // Idle connections stay open a minute: a client socket left ref'd would keep the child alive that long.
      await server.start({ keepAliveTimeoutMillis: 60000 });
      try {
        const { output, code, millis } = await runChild(server.url, 30000, env);
        expect(output).toMatch(/shutdown resolved sent=[1-9]/);
        expect(code).toBe(0);
        expect(millis).toBeLessThan(15000);
        expect(server.allLines()).toEqual(expect.arrayContaining([expect.stringMatching(/^g,/)]));
      } finally {
        await server.stop();
      }
    },
    60000,
  );
});
