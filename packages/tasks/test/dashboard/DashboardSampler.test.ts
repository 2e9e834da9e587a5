import { Meterwork } from '@meterwork/core';
import { DashboardSampler } from '../../src/dashboard/DashboardSampler';
import { dist, FakeSource, func } from '../present/fakeSource';

function setup(selected: (name: string) => boolean = () => true) {
  const source = new FakeSource();
  const meterwork = new Meterwork({
    views: [
      { instrumentName: 'jobs', aggregation: { type: 'meter' } },
      { instrumentName: 'db.duration', aggregation: { type: 'bounded_time_window', windowMillis: 60_000, quantiles: [0.5, 0.99] } },
      { instrumentName: 'http.duration', aggregation: { type: 'go_no_go' } },
    ],
  });
  const provider = meterwork.createMeterProvider({});
  const meter = provider.getMeter('test');
  const sampler = new DashboardSampler({ source, metricProducer: meterwork.createProducer(), selected, historyPoints: 3 });
  return { source, meter, sampler };
}

describe('DashboardSampler', () => {
  it('plots task rates and latency quantiles, meter rates, reservoir quantiles and the go/no-go split', async () => {
    const { source, meter, sampler } = setup();
    const db = meter.createHistogram('db.duration');
    const http = meter.createHistogram('http.duration');
    const jobs = meter.createCounter('jobs');
    source.functions.push(func(1, 'vlite', 'Proxy', { success: 10, errors: { EOF: 2 }, successTimes: dist([1e6, 2e6, 3e6]) }));
    db.record(5);
    db.record(7);
    jobs.add(3);
    http.record(1, { 'http.response.status_code': 200 });
    const first = await sampler.sample(1_000_000);
    const labels = first.newSeries.map((s) => `${s.chart} | ${s.label}`);
    expect(labels).toEqual(
      expect.arrayContaining([
        'task vlite.Proxy calls | success',
        'task vlite.Proxy calls | failure',
        'task vlite.Proxy latency | p50',
        'task vlite.Proxy latency | p99',
        'jobs | m1_rate',
        'db.duration | p50',
        'db.duration | p99',
      ]),
    );
    expect(labels.some((l) => /^http\.duration \| go/.test(l))).toBe(true);
    expect(labels.some((l) => /^http\.duration \| no_go/.test(l))).toBe(true);
    const index = (label: string) => first.newSeries.findIndex((s) => `${s.chart} | ${s.label}` === label);
    // Rates need two samples; latency is in ms.
    expect(first.frame.v[index('task vlite.Proxy calls | success')]).toBeNull();
    expect(first.frame.v[index('task vlite.Proxy latency | p50')]).toBe(2);
    expect(first.frame.v[index('db.duration | p99')]).toBeGreaterThanOrEqual(5);

    source.functions[0] = func(1, 'vlite', 'Proxy', { success: 30, errors: { EOF: 3 }, successTimes: dist([4e6]) });
    const second = await sampler.sample(1_002_000);
    expect(second.newSeries).toEqual([]);
    expect(second.frame.v[index('task vlite.Proxy calls | success')]).toBe(10); // 20 calls in 2 s
    expect(second.frame.v[index('task vlite.Proxy calls | failure')]).toBe(0.5);
    expect(second.frame.v[index('task vlite.Proxy latency | p50')]).toBe(4);
    expect(second.frame.t).toBe(1002);
  });

  it('keeps historyPoints frames and plots only the selected metrics', async () => {
    const { source, meter, sampler } = setup((name) => name === 'vlite.Proxy');
    meter.createCounter('jobs').add(1);
    source.functions.push(func(1, 'vlite', 'Proxy'), func(2, 'vlite', 'Other'));
    for (let t = 0; t < 5; t++) await sampler.sample(1000 * t);
    expect(sampler.frames.map((f) => f.t)).toEqual([2, 3, 4]);
    expect(new Set(sampler.series.map((s) => s.chart))).toEqual(new Set(['task vlite.Proxy calls', 'task vlite.Proxy latency']));
  });

  it('a failing producer is reported, not thrown, and tasks are still sampled', async () => {
    const source = new FakeSource();
    source.functions.push(func(1, 'a', 'b'));
    const sampler = new DashboardSampler({
      source,
      metricProducer: { collect: () => Promise.reject(new Error('boom')) },
      selected: () => true,
      historyPoints: 10,
    });
    const { frame } = await sampler.sample(0);
    expect(sampler.lastError).toBe('collecting the metric producer failed: boom');
    expect(frame.v.length).toBe(5);
  });
});
