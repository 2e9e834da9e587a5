import { MetricReader, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { Meterwork, getMeterworkData } from '@meterwork/core';
import { LineProtocolEncoder } from '@meterwork/exporter-influx';
import { serializeResourceMetrics } from '@meterwork/exporter-prometheus';
import { createTasksMetricSource } from '@meterwork/tasks';
import { testRegistry } from '../util';

class PullReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

function metricsOf(rm: ResourceMetrics, scope = '@meterwork/tasks'): MetricData[] {
  return rm.scopeMetrics.find((s) => s.scope.name === scope)?.metrics ?? [];
}

function points(metrics: MetricData[], name: string): Array<[Record<string, unknown>, number]> {
  const m = metrics.find((x) => x.descriptor.name === name);
  return (m?.dataPoints ?? []).map((p) => [p.attributes, p.value as number]);
}

async function setup(temporality?: AggregationTemporality) {
  const { reg, clock } = testRegistry();
  const mon = reg.scope('app');
  const ok = mon.task(function ok() {
    clock.advance(2);
  });
  const fail = mon.task(function fail() {
    clock.advance(4);
    throw Object.assign(new Error('x'), { code: 'ECONNRESET' });
  });
  const meterwork = new Meterwork();
  meterwork.addSource(createTasksMetricSource(reg));
  const reader = new PullReader(temporality === undefined ? {} : { aggregationTemporalitySelector: () => temporality });
  const provider = meterwork.createMeterProvider({ readers: [reader] });
  const collect = async (): Promise<ResourceMetrics> => {
    const { resourceMetrics, errors } = await reader.collect();
    expect(errors).toEqual([]);
    return resourceMetrics;
  };
  return { reg, mon, ok, fail, collect, provider };
}

describe('createTasksMetricSource', () => {
  it('reports the task metrics through the meterwork producer of a real reader', async () => {
    const { ok, fail, mon, collect, provider } = await setup();
    ok();
    ok();
    expect(() => fail()).toThrow();
    mon.counter('inflight').inc(3);
    mon.durationVal('lag').observe(0.5);
    mon.boolVal('hit').observe(true);
    mon.event('ticks').mark(2);
    const metrics = metricsOf(await collect());
    const names = metrics.map((m) => m.descriptor.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'tasks.function.current',
        'tasks.function.highwater',
        'tasks.function.successes',
        'tasks.function.errors',
        'tasks.function.panics',
        'tasks.function.duration',
        'tasks.function.duration.count',
        'tasks.function.duration.sum',
        'tasks.value.inflight',
        'tasks.value.inflight.high',
        'tasks.value.lag.count',
        'tasks.value.hit',
        'tasks.value.ticks',
      ]),
    );
    expect(points(metrics, 'tasks.function.successes')).toEqual([
      [{ scope: 'app', name: 'fail' }, 0],
      [{ scope: 'app', name: 'ok' }, 2],
    ]);
    expect(points(metrics, 'tasks.function.errors')).toEqual([[{ scope: 'app', name: 'fail', error_name: 'ECONNRESET' }, 1]]);
    expect(points(metrics, 'tasks.function.highwater')).toContainEqual([{ scope: 'app', name: 'ok' }, 1]);
    expect(points(metrics, 'tasks.function.duration.count')).toEqual([
      [{ scope: 'app', name: 'fail', kind: 'success' }, 0],
      [{ scope: 'app', name: 'fail', kind: 'failure' }, 1],
      [{ scope: 'app', name: 'ok', kind: 'success' }, 2],
      [{ scope: 'app', name: 'ok', kind: 'failure' }, 0],
    ]);
    expect(points(metrics, 'tasks.function.duration.sum')).toContainEqual([{ scope: 'app', name: 'ok', kind: 'success' }, 0.004]);
    expect(points(metrics, 'tasks.function.duration')).toContainEqual([{ scope: 'app', name: 'fail', kind: 'failure', quantile: 0.5 }, 0.004]);
    expect(points(metrics, 'tasks.value.hit')).toEqual([
      [{ scope: 'app', value: 'false' }, 0],
      [{ scope: 'app', value: 'true' }, 1],
    ]);
    expect(getMeterworkData(metrics.find((m) => m.descriptor.name === 'tasks.function.duration')!)?.kind).toBe('summary');
    await provider.shutdown();
  });

  it('renders as Prometheus text with the function labels', async () => {
    const { ok, collect, provider } = await setup();
    ok();
    const text = serializeResourceMetrics(await collect());
    const otelScope = 'otel_scope_name="@meterwork/tasks"';
    expect(text).toContain(`\ntasks_function_successes_total{scope="app",name="ok",${otelScope}} 1\n`);
    expect(text).toContain(`\ntasks_function_duration_seconds{scope="app",name="ok",kind="success",${otelScope},quantile="0.5"} 0.002\n`);
    expect(text).toContain(`\ntasks_function_current{scope="app",name="ok",${otelScope}} 0\n`);
    expect(text).toContain('# TYPE tasks_function_duration_seconds summary');
    await provider.shutdown();
  });

  it('encodes as InfluxDB line protocol, durations as one summary line per series', async () => {
    const { ok, collect, provider } = await setup();
    ok();
    const lines = new LineProtocolEncoder().encode(await collect());
    const duration = lines.find((l) => l.startsWith('tasks.function.duration,') && l.includes('kind=success') && l.includes('name=ok'));
    expect(duration).toBeDefined();
    expect(duration).toMatch(/ count=1i?,sum=0\.002/);
    expect(lines.some((l) => l.startsWith('tasks.function.successes,') && l.includes('name=ok'))).toBe(true);
    await provider.shutdown();
  });

  it('reports counts as deltas to a delta reader', async () => {
    const { ok, collect, provider } = await setup(AggregationTemporality.DELTA);
    ok();
    expect(points(metricsOf(await collect()), 'tasks.function.successes')).toContainEqual([{ scope: 'app', name: 'ok' }, 1]);
    ok();
    ok();
    expect(points(metricsOf(await collect()), 'tasks.function.successes')).toContainEqual([{ scope: 'app', name: 'ok' }, 2]);
    await provider.shutdown();
  });
});
