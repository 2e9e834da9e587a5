/**
 * examples/vlite as a user runs it (built dist, child process): the proxy
 * answers from the local upstream, and the present endpoint shows the
 * instrumented handlers, their call graph, a trace and the dashboard.
 */
import * as fs from 'fs';
import * as path from 'path';
import { startProcess, waitUntil, type RunningProcess } from './helpers/process';

jest.setTimeout(120_000);

const BUILT = path.join(__dirname, '../examples/vlite/dist/index.js');

describe('examples/vlite', () => {
  let proc: RunningProcess;
  let proxyUrl: string;
  let presentUrl: string;

  beforeAll(async () => {
    if (!fs.existsSync(BUILT)) throw new Error(`${BUILT} is missing: run npx tsc -b first`);
    proc = startProcess('vlite', process.execPath, [BUILT, '--port', '0', '--present-port', '0']);
    await waitUntil('the URLs', async () => /present: \S+/.test(proc.output()), 60_000, proc);
    proxyUrl = /proxy: (\S+)/.exec(proc.output())![1];
    presentUrl = /present: (\S+)/.exec(proc.output())![1];
  });
  afterAll(() => proc?.stop());

  it('proxies to the local upstream', async () => {
    const res = await fetch(proxyUrl + 'hello');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('No. The Large Hadron Collider has not destroyed the world yet (you asked for /hello).\n');
    const failed = await fetch(proxyUrl + 'reset');
    expect(failed.status).toBe(502);
  });

  it('captures a trace of a proxied request: handleHTTP is the root, proxy its child', async () => {
    const trace = fetch(presentUrl + 'trace/json?regex=handleHTTP').then((r) => r.text());
    await new Promise((r) => setTimeout(r, 200));
    await (await fetch(proxyUrl + 'slow')).text();
    const spans = JSON.parse(await trace) as Array<{ id: number; parent_id?: number; func: { name: string }; start: number; finish: number }>;
    expect(spans.map((s) => s.func.name)).toEqual(['VLite.handleHTTP', 'VLite.proxy']);
    expect(spans[1].parent_id).toBe(spans[0].id);
    expect(spans[0].finish - spans[0].start).toBeGreaterThanOrEqual(200e6); // the upstream's 200 ms
  });

  it('shows the handlers, their call graph and error names in /funcs, /funcs/dot and /stats', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => fetch(proxyUrl + `page/${i}`).then((r) => r.text())));
    const funcs = await (await fetch(presentUrl + 'funcs')).text();
    const id = /\[(\d+)\] vlite\.VLite\.handleHTTP\n {2}parents: entry\n/.exec(funcs);
    expect(id).not.toBeNull();
    expect(funcs).toContain(`vlite.VLite.proxy\n  parents: ${id![1]}\n`);
    expect(funcs).toMatch(/error ECONNRESET: 1\n/);
    expect(await (await fetch(presentUrl + 'funcs/dot')).text()).toContain(` f${id![1]} -> f`);
    const stats = await (await fetch(presentUrl + 'stats')).text();
    expect(stats).toMatch(/^function,name=VLite\.proxy,scope=vlite successes=(\d+)\.000000$/m);
    expect(Number(/^function,name=VLite\.proxy,scope=vlite successes=(\d+)/m.exec(stats)![1])).toBeGreaterThanOrEqual(12);
    expect(stats).toMatch(/^process_resident_memory_bytes value=\d+\.000000$/m); // the environment
    expect((await fetch(presentUrl + 'ps')).status).toBe(200);
  });

  it('serves the dashboard with its scripts from node_modules and an event stream with the example’s metrics', async () => {
    const page = await (await fetch(presentUrl + 'dashboard')).text();
    expect(page).toContain('/dashboard/uPlot.iife.min.js');
    const script = await fetch(presentUrl + 'dashboard/uPlot.iife.min.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await script.text()).length).toBeGreaterThan(10_000);
    const controller = new AbortController();
    const events = await fetch(presentUrl + 'dashboard/events', { signal: controller.signal });
    const reader = events.body!.getReader();
    let text = '';
    while (!text.includes('event: frame')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toContain('"chart":"task vlite.VLite.handleHTTP calls"');
    expect(text).toContain('"chart":"vlite.requests"');
    expect(text).toContain('"chart":"vlite.request.duration"');
  });
});
