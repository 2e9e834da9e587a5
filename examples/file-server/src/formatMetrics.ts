import { splitMeterworkMetrics, type MeterworkMetricData, type SummaryValue, type TimerValue } from '@meterwork/core';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';

function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (Math.abs(n) >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

function amount(n: number, unit: string): string {
  if (unit === 'By') return bytes(n);
  if (unit === 's') return n < 1 ? `${(n * 1000).toFixed(1)} ms` : `${n.toFixed(2)} s`;
  const annotation = /^\{(.+)\}$/.exec(unit); // UCUM annotation such as {client}
  if (annotation !== null) return `${n} ${annotation[1]}${n === 1 ? '' : 's'}`;
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** A go/no-go mean covers the current period: none while it is empty. */
function periodMean(n: number | undefined, unit: string): string {
  return n === undefined ? 'none this period' : amount(n, unit);
}

function quantile(v: SummaryValue, q: number): number {
  return v.quantiles.find((x) => x.quantile === q)?.value ?? 0;
}

function attrs(a: Record<string, unknown>): string {
  const s = Object.entries(a)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
  return s === '' ? '' : `{${s}} `;
}

/** One line per series of a meterwork metric. */
function richLines(m: MeterworkMetricData): string[] {
  const unit = m.descriptor.unit;
  const name = m.descriptor.name.padEnd(30);
  switch (m.kind) {
    case 'meter':
      return m.points.map(
        (p) =>
          `${name} ${attrs(p.attributes)}total ${amount(p.value.count, unit)}, rate: mean ${amount(p.value.meanRate, unit)}/s, ` +
          `1m ${amount(p.value.m1Rate, unit)}/s  (meter)`,
      );
    case 'timer':
    case 'summary':
      return m.points.map((p) => {
        const v = p.value;
        const rate = 'rates' in v ? `; ${(v as TimerValue).rates.meanRate.toFixed(1)} per second` : '';
        return (
          `${name} ${attrs(p.attributes)}count ${v.count}, p50 ${amount(quantile(v, 0.5), unit)}, p95 ${amount(quantile(v, 0.95), unit)}, ` +
          `p99 ${amount(quantile(v, 0.99), unit)}, max ${amount(v.max, unit)}${rate}  (${m.kind})`
        );
      });
    case 'go_no_go':
      return m.points.map((p) => {
        const { go, noGo, outliers } = p.value;
        return (
          `${name} ${attrs(p.attributes)}go ${go.count} (mean ${periodMean(go.mean, unit)}), ` +
          `no-go ${noGo.count} (mean ${periodMean(noGo.mean, unit)}), outliers ${outliers}  (go/no-go)`
        );
      });
    case 'tagged_histogram':
      return m.points.map((p) => `${name} total ${p.value.total}: ${p.value.tagSets.map((t) => `${attrs(t.tags)}${t.count}`).join(', ')}  (tagged)`);
  }
}

/** Readable lines for one export: meterwork metrics from their rich form, the SDK's own as sums/gauges. */
export function formatMetrics(rm: ResourceMetrics): string[] {
  const lines: string[] = [];
  for (const scope of rm.scopeMetrics) {
    const { meterwork, plain } = splitMeterworkMetrics(scope.metrics);
    for (const m of plain) {
      for (const p of m.dataPoints) {
        const v = typeof p.value === 'number' ? amount(p.value, m.descriptor.unit) : JSON.stringify(p.value);
        lines.push(`${m.descriptor.name.padEnd(30)} ${attrs(p.attributes)}${v}  (OTel SDK)`);
      }
    }
    for (const m of meterwork) lines.push(...richLines(m));
  }
  return lines;
}
