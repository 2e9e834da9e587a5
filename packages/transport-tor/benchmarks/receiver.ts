/**
 * Receiving proxy figures: the cost of checking one signed write (signature,
 * line protocol, tag policy, caps) and points/s into a real influxd, direct
 * vs through the proxy, with 100-line writes from 4 concurrent sessions.
 * Run: node -r ts-node/register/transpile-only benchmarks/receiver.ts [path/to/influxd]
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ReceivingProxy, Session } from '../src';
import { WriteGate } from '../src/receiver/WriteGate';
import { resolveReceiverOptions } from '../src/receiver/options';

const LINES = 100;
const WRITES = 400;
const SESSIONS = 4;

function body(session: Session, write: number): string {
  const out: string[] = [];
  for (let i = 0; i < LINES; i++)
    out.push(`bench,session.id=${session.id},route=/r${i % 10} count=${i}i,mean=${i / 3} ${1700000000 + write}${String(i).padStart(9, '0')}`);
  return out.join('\n');
}

async function gateCost(): Promise<void> {
  const gate = new WriteGate(
    resolveReceiverOptions({
      upstream: 'http://127.0.0.1:1',
      allowedTagKeys: ['route'],
      limits: { linesPerMinute: 1e9, bytesPerMinute: 1e12, seriesPerMinute: 1e9 },
    }),
  );
  const s = Session.create();
  const requests = Array.from({ length: 2000 }, (_, i) => {
    const b = body(s, i);
    return { method: 'POST', target: '/write?db=b', headers: s.signRequest({ target: '/write?db=b', body: b }), body: Buffer.from(b) };
  });
  const t0 = performance.now();
  for (const r of requests) if (!(await gate.decide(r)).ok) throw new Error('refused');
  const perWrite = (performance.now() - t0) / requests.length;
  console.log(`check per ${LINES}-line write: ${(perWrite * 1000).toFixed(0)} us (${((perWrite * 1000) / LINES).toFixed(2)} us a line)`);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function pointsPerSecond(base: string, db: string, signed: boolean): Promise<number> {
  const sessions = Array.from({ length: SESSIONS }, () => Session.create());
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    sessions.map(async (s) => {
      for (let w = next++; w < WRITES; w = next++) {
        const b = body(s, w);
        const target = `/write?db=${db}&precision=ns`;
        const res = await fetch(base + target, { method: 'POST', body: b, headers: signed ? s.signRequest({ target, body: b }) : {} });
        if (res.status !== 204) throw new Error(`HTTP ${res.status} ${await res.text()}`);
      }
    }),
  );
  return (WRITES * LINES) / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  await gateCost();
  const influxd = process.argv[2] ?? 'influxd';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meterwork-bench-'));
  const [rpc, httpPort] = [await freePort(), await freePort()];
  fs.writeFileSync(
    path.join(dir, 'conf'),
    `reporting-disabled = true\nbind-address = "127.0.0.1:${rpc}"\n[meta]\n dir = "${dir}/meta"\n[data]\n dir = "${dir}/data"\n wal-dir = "${dir}/wal"\n query-log-enabled = false\n[http]\n bind-address = "127.0.0.1:${httpPort}"\n log-enabled = false\n[monitor]\n store-enabled = false\n`,
  );
  try {
    execFileSync('which', [influxd]);
  } catch {
    console.log(`no ${influxd}: skipping the influxd figures`);
    return;
  }
  const child = spawn(influxd, ['-config', path.join(dir, 'conf')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${httpPort}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(url + '/ping')).status === 204) break;
      } catch {
        if (i > 300) throw new Error('influxd did not start');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await fetch(`${url}/query?q=CREATE+DATABASE+a`, { method: 'POST' });
    await fetch(`${url}/query?q=CREATE+DATABASE+b`, { method: 'POST' });
    const proxy = new ReceivingProxy({ upstream: url, allowedTagKeys: ['route'], limits: { linesPerMinute: 1e9, bytesPerMinute: 1e12, seriesPerMinute: 1e9 } });
    const { port } = await proxy.listen();
    await pointsPerSecond(url, 'a', false); // warm-up
    const direct = await pointsPerSecond(url, 'a', false);
    const proxied = await pointsPerSecond(`http://127.0.0.1:${port}`, 'b', true);
    console.log(
      `points/s into influxd, ${LINES}-line writes, ${SESSIONS} sessions: direct ${direct.toFixed(0)}, through the receiving proxy ${proxied.toFixed(0)} (${((proxied / direct) * 100).toFixed(0)}%)`,
    );
    await proxy.close();
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
