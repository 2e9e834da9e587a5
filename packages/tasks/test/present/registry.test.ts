/**
 * The endpoint over a real Registry: tasks instrumented with Scope.task,
 * durations from an injected clock, a trace captured by regex while tasks
 * run, /ps while tasks wait.
 */
import { createEnvironment, Registry, startPresentServer, type PresentServer } from '../../src';

describe('present endpoint over a Registry', () => {
  let clock = 1_700_000_000_000;
  const registry = new Registry({ clock: () => clock, otelSpans: false });
  const mon = registry.scope('vlite');
  const gates: Array<() => void> = [];
  const proxy = mon.task({ name: 'Proxy', recordArgs: true }, async (path: string) => {
    await new Promise<void>((r) => gates.push(r));
    if (path === '/fail') throw new RangeError('upstream');
    return path;
  });
  const handle = mon.task('HandleHTTP', async (path: string) => proxy(path));
  let server: PresentServer;
  beforeAll(async () => {
    server = await startPresentServer({ registry, port: 0 });
  });
  afterAll(() => server.close());

  async function releaseAll(): Promise<void> {
    while (gates.length === 0) await new Promise((r) => setTimeout(r, 1));
    while (gates.length > 0) gates.shift()!();
  }

  it('/funcs, /funcs/json and /stats show the calls, the call graph and durations in ns', async () => {
    const calls = [handle('/a'), handle('/b')];
    clock += 2;
    await releaseAll();
    await Promise.all(calls);
    const text = await (await fetch(server.url + '/funcs')).text();
    const handleId = /\[(\d+)\] vlite\.HandleHTTP/.exec(text)![1];
    expect(text).toContain(`vlite.Proxy\n  parents: ${handleId}\n  current: 0, highwater: 2, success: 2, errors: 0, panics: 0\n`);
    expect(text).toContain('    1.00: 2ms\n');
    const json = (await (await fetch(server.url + '/funcs/json')).text()).split('\n');
    const p = JSON.parse(json[2].slice(1, -1));
    expect(p).toMatchObject({ name: 'Proxy', parent_ids: [Number(handleId)], entry: false, success: 2 });
    expect(p.success_times.max).toBe(2_000_000);
    const stats = await (await fetch(server.url + '/stats')).text();
    expect(stats).toContain('function,name=Proxy,scope=vlite successes=2.000000\n');
    expect(stats).toContain('function_times,kind=success,name=Proxy,scope=vlite max=0.002000\n');
  });

  it('/ps lists waiting tasks as a tree with their recorded arguments', async () => {
    const call = handle('/slow');
    while (gates.length === 0) await new Promise((r) => setTimeout(r, 1));
    clock += 987;
    const ps = await (await fetch(server.url + '/ps')).text();
    expect(ps).toMatch(/^\[\d+,\d+\] vlite\.HandleHTTP\(\) \(elapsed: 987ms\)\n \[\d+,\d+\] vlite\.Proxy\("\/slow"\) \(elapsed: 987ms\)\n\n$/);
    gates.shift()!();
    await call;
  });

  it('captures a trace by regex while tasks run; errors carry their message', async () => {
    const pending = fetch(server.url + '/trace/json?regex=HandleHTTP');
    await new Promise((r) => setTimeout(r, 50)); // the subscription is made before the headers go out
    const call = handle('/fail').catch(() => undefined);
    await releaseAll();
    await call;
    const spans = JSON.parse(await (await pending).text());
    expect(spans.map((s: { func: { name: string } }) => s.func.name)).toEqual(['HandleHTTP', 'Proxy']);
    expect(spans[1]).toMatchObject({ parent_id: spans[0].id, err: 'upstream', panicked: true });
    expect(spans[0].id).toBeLessThan(2 ** 53);
  });

  it('appends the environment’s process stats to /stats (monkit’s environment.Register)', async () => {
    const withEnv = await startPresentServer({ registry, port: 0, environment: createEnvironment() });
    try {
      const text = await (await fetch(withEnv.url + '/stats')).text();
      const lines = text.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^function,name=HandleHTTP,scope=vlite current=/);
      expect(text).toMatch(/^process_cpu_user_seconds_total value=\d+\.\d{6}$/m);
      expect(lines.findIndex((l) => l.startsWith('process_'))).toBeGreaterThan(lines.findIndex((l) => l.startsWith('function_times')));
      const json = await (await fetch(withEnv.url + '/stats/json')).text();
      expect(json).toContain('["nodejs_heap_size_total_bytes",{},"value",');
    } finally {
      await withEnv.close();
    }
  });
});
