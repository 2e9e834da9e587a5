import { createEnvironment } from '@meterwork/tasks';

describe('createEnvironment', () => {
  it("lists prom-client's default process and runtime metrics monkit-style", async () => {
    const env = createEnvironment({ prefix: 'env_' });
    const rows: Array<[string, Record<string, string>, string, number]> = [];
    await env.stats((m, tags, field, value) => rows.push([m, { ...tags }, field, value]));
    const names = new Set(rows.map((r) => r[0]));
    for (const n of ['env_process_cpu_user_seconds_total', 'env_nodejs_heap_size_used_bytes', 'env_nodejs_eventloop_lag_seconds', 'env_nodejs_version_info']) {
      expect(names).toContain(n);
    }
    const heap = rows.find((r) => r[0] === 'env_nodejs_heap_size_used_bytes')!;
    expect(heap[2]).toBe('value');
    expect(heap[3]).toBeGreaterThan(0);
    const version = rows.find((r) => r[0] === 'env_nodejs_version_info')!;
    expect(version[1].version).toBe(process.version);
    const bucket = rows.find((r) => r[2] === 'bucket');
    if (bucket !== undefined) expect(bucket[1].le).toBeDefined();
    env.promRegistry.clear();
  });
});
