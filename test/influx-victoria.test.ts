/**
 * The InfluxDB exporter against VictoriaMetrics as a real `/api/v2/write`
 * endpoint: writes land and read back through `/api/v1/export`
 * (VictoriaMetrics stores `<measurement>_<field>`).
 */
import * as fs from 'fs';
import { diag } from '@opentelemetry/api';
import type { MeterworkMetricData } from '@meterwork/core';
import { InfluxMetricExporter } from '@meterwork/exporter-influx';
import { describeWithBinaries, requireBinary } from './helpers/process';
import { startVictoriaMetrics, type VictoriaMetrics } from './fixtures/influx/servers';
import { counter, gauge, resourceMetrics, rich, richData, summaryValue } from '../packages/exporter-influx/test/util';

/** VictoriaMetrics refuses samples older than its retention: move the fixture's points to `now`. */
function recent(data: MeterworkMetricData, nowSeconds: number): MeterworkMetricData {
  return { ...data, points: data.points.map((p) => ({ ...p, endTime: [nowSeconds, 0] })) } as MeterworkMetricData;
}

describeWithBinaries(['victoria-metrics'])('VictoriaMetrics /api/v2/write', () => {
  const binary = requireBinary('victoria-metrics')!;
  let vm: VictoriaMetrics;
  let exporter: InfluxMetricExporter | undefined;

  beforeAll(async () => {
    diag.disable();
    vm = await startVictoriaMetrics(binary);
  });
  afterAll(async () => {
    await exporter?.shutdown().catch(() => undefined);
    await vm.stop();
    fs.rmSync(vm.dir, { recursive: true, force: true });
  });

  it('writes land as <measurement>_<field> series with their tags and values', async () => {
    const now = Math.floor(Date.now() / 1000);
    exporter = new InfluxMetricExporter({
      url: vm.url,
      v2: { org: 'o', bucket: 'b' },
      auth: { bearer: 't' },
      precision: 'ms',
      scopeTags: false,
      selfMetrics: false,
    });
    exporter.export(
      resourceMetrics(
        [
          gauge('temp', [[{ room: 'a b' }, 21.5]], [now, 0]),
          counter('requests', [[{ code: 200 }, 5]], true, [now, 0]),
          rich(recent(richData('summary', 'rt', [{ attributes: {}, value: summaryValue() }]), now)),
        ],
        { 'service.name': 'svc' },
      ),
      () => undefined,
    );
    await exporter.forceFlush();
    expect(exporter.stats).toMatchObject({ sentLines: 3, rejectedLines: 0 });

    const temp = await vm.export('{__name__="temp_gauge"}');
    expect(temp).toHaveLength(1);
    expect(temp[0].metric).toMatchObject({ room: 'a b', 'service.name': 'svc' });
    expect(temp[0].values).toEqual([21.5]);
    expect(temp[0].timestamps).toEqual([now * 1000]);

    const requests = await vm.export('{__name__="requests_counter"}');
    expect(requests[0].metric.code).toBe('200');
    expect(requests[0].values).toEqual([5]);

    const rt = await vm.export('{__name__=~"rt_.*"}');
    const byName = Object.fromEntries(rt.map((s) => [s.metric.__name__, s.values[0]]));
    expect(byName).toMatchObject({ rt_count: 10, rt_sum: 55, rt_mean: 5.5, 'rt_0.5': 5.5, 'rt_0.99': 10 });
  });
});
