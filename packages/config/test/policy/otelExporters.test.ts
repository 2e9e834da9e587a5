/**
 * Policies with OTel's own PushMetricExporters: the SDK's InMemoryMetricExporter
 * and ConsoleMetricExporter, each receiving exactly its policy's metrics,
 * prefixed, with the policy's temporality. Reports driven by forceFlush.
 * (The OTLP exporters load their transport with a dynamic import, which jest's
 * VM refuses: they are exercised from built code in the root test
 * policies-otlp.test.ts.)
 */
import { AggregationTemporality, ConsoleMetricExporter, InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';
import { allMetrics, setup } from './helpers';

interface Dumped {
  descriptor: { name: string };
  dataPointType: number;
  dataPoints: Array<{ value: unknown }>;
}

it("sends each policy to OTel's InMemoryMetricExporter and ConsoleMetricExporter, prefixed, with the policy's temporality", async () => {
  const dumped: Dumped[] = [];
  const dir = jest.spyOn(console, 'dir').mockImplementation((obj: unknown) => void dumped.push(obj as Dumped));
  const memory = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const { meter, provider, reader } = setup({
    prefix: 'ui',
    policies: [
      { name: 'cpu', intervalMillis: 3_600_000, report: ['cpu.*'], exporters: [memory] },
      { name: 'net', intervalMillis: 3_600_000, report: ['n.*', 'hits'], exporters: [new ConsoleMetricExporter()], temporality: 'delta' },
    ],
  });
  try {
    const net = meter.createCounter('n.cn.dns');
    meter.createCounter('cpu.srv').add(2);
    net.add(5);
    meter.createCounter('hits').add(1);
    await reader.forceFlush();
    const first = dumped.splice(0).map((m) => m.descriptor.name);
    net.add(3);
    await reader.forceFlush();
    const second = dumped.splice(0);

    expect(memory.getMetrics().map((rm) => allMetrics(rm).map((m) => m.descriptor.name))).toEqual([['ui.cpu.srv']]);
    expect(first.sort()).toEqual(['ui.hits', 'ui.hits.rate', 'ui.n.cn.dns']);
    expect(second.map((m) => [m.descriptor.name, m.dataPoints.map((p) => p.value)])).toEqual([['ui.n.cn.dns', [3]]]); // hits: no activity
  } finally {
    await provider.shutdown();
    dir.mockRestore();
  }
});
