/**
 * Which metrics each policy exports at each tick: first matching policy,
 * unbound metrics kept aggregating, rebinding after add / replace / remove,
 * exporters per policy. Fake timers; every export is recorded.
 */
import { RecordingExporter, setup, tick, useFakeTimers, valueIn } from './helpers';

let shutdown: (() => Promise<void>) | undefined;
beforeEach(() => useFakeTimers());
afterEach(async () => {
  await shutdown?.();
  shutdown = undefined;
  jest.useRealTimers();
});

function counters(meter: ReturnType<typeof setup>['meter'], names: string[]) {
  return Object.fromEntries(names.map((n) => [n, meter.createCounter(n)]));
}

describe('PolicyMetricReader: binding metrics to policies', () => {
  it('reports each metric through the first policy that matches it, at that policy interval; unmatched metrics are not sent', async () => {
    const fast = new RecordingExporter();
    const slow = new RecordingExporter();
    const { meter, provider } = setup({
      policies: [
        { name: 'tensecs', intervalMillis: 10_000, report: ['cpu.*'], exporters: [fast], reportInactive: true },
        { name: '30secs', intervalMillis: 30_000, report: ['n.cn.*', 'n.http.*', 'vh.*', 'cpu.*'], exporters: [slow], reportInactive: true },
      ],
    });
    shutdown = () => provider.shutdown();
    const c = counters(meter, ['cpu.srv', 'n.cn.dns', 'n.http.txn', 'vh.default.rx', 'other.thing']);
    for (const k of Object.keys(c)) c[k]!.add(1);

    await tick(9_999);
    expect(fast.take()).toEqual([]);
    await tick(1);
    expect(fast.take()).toEqual([['cpu.srv']]);
    expect(slow.take()).toEqual([]);
    await tick(20_000);
    expect(fast.take()).toEqual([['cpu.srv'], ['cpu.srv']]);
    // cpu.* is listed by the second policy too, but the first match wins.
    expect(slow.take()).toEqual([['n.cn.dns', 'n.http.txn', 'vh.default.rx']]);
  });

  it('patterns are wildcards on the whole name, case-insensitive: `?` one character, `*` any run', async () => {
    const e = new RecordingExporter();
    const { meter, provider } = setup({ policies: [{ name: 'p', intervalMillis: 1000, report: ['A?.x', 'b*'], exporters: [e] }] });
    shutdown = () => provider.shutdown();
    const c = counters(meter, ['a1.x', 'a12.x', 'b', 'bee.hive', 'xb']);
    for (const k of Object.keys(c)) c[k]!.add(1);
    await tick(1000);
    expect(e.take()).toEqual([['a1.x', 'b', 'bee.hive']]);
  });

  it('a metric no policy matches keeps aggregating and reports everything once a policy is added for it', async () => {
    const e = new RecordingExporter();
    const { meter, provider, reader } = setup({ policies: [{ name: 'cpu', intervalMillis: 1000, report: ['cpu.*'], exporters: [e] }] });
    shutdown = () => provider.shutdown();
    const cpu = meter.createCounter('cpu.srv');
    const dns = meter.createCounter('n.cn.dns');
    for (let i = 1; i <= 3; i++) {
      cpu.add(1);
      dns.add(10);
      await tick(1000);
    }
    expect(e.take()).toEqual([['cpu.srv'], ['cpu.srv'], ['cpu.srv']]);

    reader.setPolicy({ name: 'net', intervalMillis: 500, report: ['n.*'], exporters: [e] });
    await tick(500);
    const [report] = e.reports;
    expect(e.take()).toEqual([['n.cn.dns']]);
    expect(valueIn(report!, 'n.cn.dns')).toBe(30);
  });

  it('replacing a policy rebinds at once: its old metrics move to the next match, new ones join, the interval changes', async () => {
    const a = new RecordingExporter();
    const b = new RecordingExporter();
    const { meter, provider, reader } = setup({
      policies: [
        { name: 'a', intervalMillis: 1000, report: ['cpu.*'], exporters: [a], reportInactive: true },
        { name: 'b', intervalMillis: 1000, report: ['*'], exporters: [b], reportInactive: true },
      ],
    });
    shutdown = () => provider.shutdown();
    const c = counters(meter, ['cpu.srv', 'n.cn.dns']);
    c['cpu.srv']!.add(1);
    c['n.cn.dns']!.add(1);
    await tick(1000);
    expect(a.take()).toEqual([['cpu.srv']]);
    expect(b.take()).toEqual([['n.cn.dns']]);

    reader.setPolicy({ name: 'a', intervalMillis: 3000, report: ['n.*'], exporters: [a], reportInactive: true });
    expect(reader.policies.map((p) => p.name)).toEqual(['a', 'b']); // replaced in place: still first
    await tick(1000);
    expect(a.take()).toEqual([]);
    expect(b.take()).toEqual([['cpu.srv']]);
    await tick(2000);
    expect(a.take()).toEqual([['n.cn.dns']]);
    expect(b.take()).toEqual([['cpu.srv'], ['cpu.srv']]);
  });

  it('removing a policy stops its reports and its metrics rebind to the next match, or to none', async () => {
    const a = new RecordingExporter();
    const b = new RecordingExporter();
    const { meter, provider, reader } = setup({
      policies: [
        { name: 'a', intervalMillis: 1000, report: ['cpu.*', 'n.*'], exporters: [a], reportInactive: true },
        { name: 'b', intervalMillis: 1000, report: ['cpu.*'], exporters: [b], reportInactive: true },
      ],
    });
    shutdown = () => provider.shutdown();
    const c = counters(meter, ['cpu.srv', 'n.cn.dns']);
    c['cpu.srv']!.add(1);
    c['n.cn.dns']!.add(1);
    await tick(1000);
    expect(a.take()).toEqual([['cpu.srv', 'n.cn.dns']]);
    expect(b.take()).toEqual([]);

    expect(reader.removePolicy('a')).toBe(true);
    expect(reader.removePolicy('a')).toBe(false);
    await tick(1000);
    expect(a.take()).toEqual([]);
    expect(b.take()).toEqual([['cpu.srv']]); // n.cn.dns matches nothing now
    expect(reader.policies.map((p) => p.name)).toEqual(['b']);

    reader.setPolicies([{ name: 'all', intervalMillis: 2000, report: ['*'], exporters: [a], reportInactive: true }]);
    await tick(1000);
    expect(b.take()).toEqual([]);
    await tick(1000);
    expect(a.take()).toEqual([['cpu.srv', 'n.cn.dns']]);
  });

  it('sends each policy to its own exporters; an exporter shared by two policies gets both reports', async () => {
    const onlyA = new RecordingExporter();
    const shared = new RecordingExporter();
    const fallback = new RecordingExporter();
    const { meter, provider } = setup({
      exporters: [fallback],
      policies: [
        { name: 'a', intervalMillis: 1000, report: ['a.*'], exporters: [onlyA, shared] },
        { name: 'b', intervalMillis: 1000, report: ['b.*'], exporters: [shared] },
        { name: 'c', intervalMillis: 1000, report: ['c.*'] },
      ],
    });
    shutdown = () => provider.shutdown();
    const c = counters(meter, ['a.x', 'b.x', 'c.x']);
    for (const k of Object.keys(c)) c[k]!.add(1);
    await tick(1000);
    expect(onlyA.take()).toEqual([['a.x']]);
    expect(shared.take().sort()).toEqual([['a.x'], ['b.x']]);
    expect(fallback.take()).toEqual([['c.x']]);
  });

  it('sends nothing when a policy has nothing to report', async () => {
    const e = new RecordingExporter();
    const { meter, provider } = setup({ policies: [{ name: 'p', intervalMillis: 1000, report: ['x'], exporters: [e] }] });
    shutdown = () => provider.shutdown();
    meter.createCounter('y').add(1);
    await tick(3000);
    expect(e.reports).toEqual([]);
  });

  it('reports OTel metrics and meterwork aggregations alike, by instrument name (a meterwork instrument brings its standard metrics)', async () => {
    const e = new RecordingExporter();
    const { meter, provider } = setup({ policies: [{ name: 'p', intervalMillis: 1000, report: ['jobs', 'hits', 'plain'], exporters: [e] }] });
    shutdown = () => provider.shutdown();
    meter.createHistogram('jobs').record(2);
    meter.createCounter('hits').add(3);
    meter.createCounter('plain').add(1);
    meter.createHistogram('jobs.other').record(1);
    await tick(1000);
    const [names] = e.take();
    expect(names).toEqual(['hits', 'hits.rate', 'jobs.count', 'jobs.max', 'jobs.mean', 'jobs.min', 'jobs.outliers', 'jobs.sum', 'plain']);
  });
});
