/**
 * The present endpoint against real tools and load: the call graph's DOT
 * rendered by Debian graphviz (`dot -Tsvg`), traces captured by regex while
 * many tasks run, and 20 concurrent clients (latency printed).
 */
import { Registry, startPresentServer, type PresentServer } from '@meterwork/tasks';
import { requireBinary, runSync } from './helpers/process';

// Real processes and 500 requests on a busy 2-core machine: generous bounds.
jest.setTimeout(120_000);

const DOT = requireBinary('dot');
const describeWithDot = DOT === undefined ? describe.skip : describe;

function instrumented(registry: Registry) {
  const mon = registry.scope('vlite');
  const other = registry.scope('odd "scope" é');
  const leaf = other.task('weird\\name{}<>', async (n: number) => {
    await new Promise((r) => setImmediate(r));
    if (n % 5 === 0) throw Object.assign(new Error('gone'), { code: 'ECONNRESET' });
    if (n % 7 === 0) throw new TypeError('bug');
    return n;
  });
  const proxy = mon.task('Proxy', async (n: number) => leaf(n));
  const handle = mon.task('HandleHTTP', async (n: number) => {
    try {
      return await proxy(n);
    } catch {
      return -1;
    }
  });
  return { handle, leaf };
}

describeWithDot('present endpoint with graphviz and under load', () => {
  const registry = new Registry({ otelSpans: false });
  const { handle, leaf } = instrumented(registry);
  let server: PresentServer;
  let running = true;
  let background: Promise<void>;

  beforeAll(async () => {
    server = await startPresentServer({ registry, port: 0 });
    for (let i = 1; i <= 50; i++) await handle(i);
    await leaf(3).catch(() => undefined); // also an entry point
    // Tasks keep running (interleaved) during the tests.
    background = (async () => {
      let n = 0;
      while (running) {
        await Promise.all(Array.from({ length: 20 }, () => handle(++n)));
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
  });
  afterAll(async () => {
    running = false;
    await background;
    await server.close();
  });

  it('/funcs/dot is valid DOT: dot -Tsvg renders every function, entry and edge', async () => {
    const dot = await (await fetch(server.url + '/funcs/dot')).text();
    const result = runSync(DOT!, ['-Tsvg'], dot);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('<svg');
    const nodes = (result.stdout.match(/<g id="node\d+" class="node">/g) ?? []).length;
    const edges = (result.stdout.match(/<g id="edge\d+" class="edge">/g) ?? []).length;
    expect(nodes).toBe(3 + 2); // three functions, two entry boxes (HandleHTTP and the leaf called directly)
    expect(edges).toBe(2 + 2); // HandleHTTP -> Proxy -> leaf, and the two entry edges
    expect(result.stdout).toContain('vlite.HandleHTTP');
    expect(result.stdout).toContain('odd &quot;scope&quot; é.weird\\name{}&lt;&gt;</text>');
    expect(result.stdout).toContain('error ECONNRESET');
  });

  it('captures a trace by regex while tasks run; its spans form one tree under the matched root', async () => {
    const res = await fetch(server.url + '/trace/json?regex=^vlite\\.Proxy$');
    const spans = JSON.parse(await res.text()) as Array<{ id: number; parent_id?: number; trace: { id: number }; func: { name: string } }>;
    expect(spans[0].func.name).toBe('Proxy');
    expect(spans.length).toBeGreaterThanOrEqual(2);
    const ids = new Set(spans.map((s) => s.id));
    for (const s of spans.slice(1)) {
      expect(ids.has(s.parent_id!)).toBe(true);
      expect(s.trace.id).toBe(spans[0].trace.id);
    }
    const svg = await (await fetch(server.url + '/trace/svg?regex=HandleHTTP')).text();
    expect(svg.trim()).toMatch(/^<svg [\s\S]*vlite\.HandleHTTP[\s\S]*<\/svg>$/);
  });

  it('serves 20 concurrent clients: every response complete, latency printed', async () => {
    const routes = ['/funcs', '/funcs/json', '/funcs/dot', '/stats', '/stats/json', '/ps', '/ps/json', '/'];
    const latencies: number[] = [];
    const client = async (c: number): Promise<void> => {
      for (let i = 0; i < 25; i++) {
        const route = routes[(c + i) % routes.length];
        const start = performance.now();
        const res = await fetch(server.url + route);
        const body = await res.text();
        latencies.push(performance.now() - start);
        expect(res.status).toBe(200);
        if (route.endsWith('/json')) expect(() => JSON.parse(body)).not.toThrow();
        else if (route !== '/ps') expect(body.length).toBeGreaterThan(0);
      }
    };
    // And 20 trace waiters at once, all answered by the running tasks.
    const traces = Array.from({ length: 20 }, () => fetch(server.url + '/trace/json?regex=HandleHTTP').then((r) => r.text()));
    await Promise.all(Array.from({ length: 20 }, (_, c) => client(c)));
    for (const body of await Promise.all(traces)) expect(JSON.parse(body)[0].func.name).toBe('HandleHTTP');
    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
    console.log(`present endpoint, 20 concurrent clients, ${latencies.length} requests: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms`);
    expect(latencies.length).toBe(500);
  });
});
