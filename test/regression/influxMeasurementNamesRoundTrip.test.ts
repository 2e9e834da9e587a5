/**
 * Regression (issue 7, item 11): influxd 1.6.7 answers 204 to a measurement
 * name with a backslash before a comma, space, `=` or `"`, then stores it
 * under another name (`a\,b` as `a,b`, merged with that metric). Field keys
 * have the same problem (or the line is refused), and a trailing backslash
 * anywhere escapes the separator after it. The exporter writes each such
 * backslash as `_` with a diag: against a real influxd, every metric is found
 * under its documented name, with its own value (no two merged).
 */
import * as fs from 'fs';
import { diag, DiagLogLevel, type Attributes, type DiagLogger } from '@opentelemetry/api';
import { InfluxMetricExporter, type InfluxMetricExporterOptions } from '@meterwork/exporter-influx';
import { describeWithBinaries, requireBinary } from '../helpers/process';
import { rows, startInfluxd, type Influxd } from '../fixtures/influx/servers';
import { gauge, resourceMetrics } from '../../packages/exporter-influx/test/util';

/** Metric name -> the name it is stored under (the README's rule: each unstorable backslash becomes `_`). */
const NAMES: ReadonlyArray<readonly [string, string]> = [
  ['a\\,b', 'a_,b'],
  ['a,b', 'a,b'],
  ['a\\ b', 'a_ b'],
  ['a b', 'a b'],
  ['a\\=b', 'a_=b'],
  ['a=b', 'a=b'],
  ['a\\"b', 'a_"b'],
  ['a"b', 'a"b'],
  ['a\\\\,b', 'a__,b'],
  ['a\\', 'a_'],
  ['a', 'a'],
  ['a\\b', 'a\\b'],
  ['a\\\\b', 'a\\\\b'],
];

/** Tag values: only a trailing backslash is unstorable; one before an escaped character is kept. */
const TAG_VALUES: ReadonlyArray<readonly [string, string]> = [
  ['C:\\dir\\', 'C:\\dir_'],
  ['C:\\dir', 'C:\\dir'],
  ['x\\,y', 'x\\,y'],
  ['x,y', 'x,y'],
  ['x\\ y=z', 'x\\ y=z'],
];

describeWithBinaries(['influxd'])('names with backslashes round-trip through influxd 1.6.7', () => {
  const binary = requireBinary('influxd')!;
  let server: Influxd;
  const warnings: string[] = [];
  const logger: DiagLogger = {
    error: () => undefined,
    warn: (message: string) => void warnings.push(message),
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  };

  beforeAll(async () => {
    diag.setLogger(logger, DiagLogLevel.WARN);
    server = await startInfluxd(binary, { auth: false });
  }, 120_000);
  afterAll(async () => {
    diag.disable();
    await server?.stop();
    if (server) fs.rmSync(server.dir, { recursive: true, force: true });
  }, 120_000);

  async function write(
    db: string,
    options: Partial<InfluxMetricExporterOptions>,
    metrics: Parameters<typeof resourceMetrics>[0],
  ): Promise<InfluxMetricExporter> {
    await server.query(`CREATE DATABASE ${db}`);
    const exporter = new InfluxMetricExporter({
      url: server.url,
      v1: { database: db },
      scopeTags: false,
      selfMetrics: false,
      resourceAttributes: { include: [] },
      ...options,
    });
    exporter.export(resourceMetrics(metrics), () => undefined);
    await exporter.shutdown();
    return exporter;
  }

  it('measurements: every metric is stored under its documented name with its own value, with a diag for each rename', async () => {
    const exporter = await write(
      'names',
      {},
      NAMES.map(([name], i) => gauge(name, [[{}, i]])),
    );
    expect(exporter.stats).toMatchObject({ sentLines: NAMES.length, rejectedLines: 0 });
    const stored = rows(await server.query('SHOW MEASUREMENTS', 'names')).map((r) => r.name);
    expect(stored.sort()).toEqual(NAMES.map(([, name]) => name).sort());
    for (const [i, [raw, name]] of NAMES.entries()) {
      const values = rows(await server.query(`SELECT "gauge" FROM "${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`, 'names')).map((r) => r.gauge);
      expect({ raw, values }).toEqual({ raw, values: [i] });
    }
    for (const [raw, name] of NAMES.filter(([r, n]) => r !== n)) {
      expect(warnings).toContainEqual(expect.stringContaining(`measurement ${JSON.stringify(raw)} has a backslash InfluxDB cannot store`));
      expect(warnings).toContainEqual(expect.stringContaining(`written as ${JSON.stringify(name)}`));
    }
  }, 120_000);

  it('field keys (telegraf-prometheus-v2: the metric name is the field key): documented names, no merge, no refused line', async () => {
    const exporter = await write(
      'fieldkeys',
      { schema: 'telegraf-prometheus-v2' },
      NAMES.map(([name], i) => gauge(name, [[{}, i]])),
    );
    expect(exporter.stats).toMatchObject({ sentLines: NAMES.length, rejectedLines: 0 });
    const keys = rows(await server.query('SHOW FIELD KEYS FROM "prometheus"', 'fieldkeys')).map((r) => r.fieldKey);
    expect(keys.sort()).toEqual(NAMES.map(([, name]) => name).sort());
    const [row] = rows(await server.query('SELECT * FROM "prometheus"', 'fieldkeys'));
    // One line per metric at the same timestamp and tags: influxd merges them into one point with every field.
    for (const [i, [, name]] of NAMES.entries()) expect({ name, value: row[name] }).toEqual({ name, value: i });
  }, 120_000);

  it('tag keys and values: a trailing backslash becomes _, a backslash before an escaped character is kept; no two series merged', async () => {
    const points: Array<[Attributes, number]> = TAG_VALUES.map(([value], i) => [{ path: value }, i]);
    points.push([{ 'key\\': 'v' }, 100], [{ key: 'v' }, 101], [{ 'k\\,x': 'v' }, 102]);
    const exporter = await write('tags', {}, [gauge('t', points)]);
    expect(exporter.stats).toMatchObject({ sentLines: points.length, rejectedLines: 0 });
    const series = rows(await server.query('SELECT "gauge" FROM "t" GROUP BY *', 'tags'));
    for (const [i, [raw, stored]] of TAG_VALUES.entries()) {
      expect({ raw, rows: series.filter((r) => r.path === stored).map((r) => r.gauge) }).toEqual({ raw, rows: [i] });
    }
    expect(series.filter((r) => r.key_ === 'v').map((r) => r.gauge)).toEqual([100]);
    expect(series.filter((r) => r.key === 'v').map((r) => r.gauge)).toEqual([101]);
    expect(series.filter((r) => r['k\\,x'] === 'v').map((r) => r.gauge)).toEqual([102]);
    expect(warnings).toContainEqual(expect.stringContaining('value of attribute "path" "C:\\\\dir\\\\" has a backslash InfluxDB cannot store'));
    expect(warnings).toContainEqual(expect.stringContaining('tag key "key\\\\" has a backslash'));
  }, 120_000);
});
