import { loadMetricsConfig, startMetrics, ConfigFileError } from '@meterwork/config';
import { HEADER, withEnv, writeConfig } from './helpers';
import { INVALID_CASES, MW, V, view } from './invalidCases';

describe('invalid files: one error per mistake, naming the file, the key, what was found and what is allowed', () => {
  it('covers at least 20 distinct mistakes', () => {
    expect(new Set(INVALID_CASES.map((c) => c.name)).size).toBeGreaterThanOrEqual(20);
  });

  it.each(INVALID_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const file = writeConfig(c.yaml);
    const error = await withEnv(c.env ?? {}, async () => {
      try {
        if (c.atStart) await startMetrics({ file, setGlobal: false });
        else loadMetricsConfig(file);
      } catch (e) {
        return e;
      }
      return undefined;
    });
    expect(error).toBeInstanceOf(ConfigFileError);
    const e = error as ConfigFileError;
    expect(e.file).toBe(file);
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]!.path).toBe(c.path);
    expect(e.problems[0]!.message).toMatch(c.message);
    expect(e.message).toBe(`Invalid OpenTelemetry config file: ${file}: ${c.path} ${e.problems[0]!.message}`);
  });

  it('reports every mistake of one file, each once, in document order', () => {
    const file = writeConfig(MW + '    prefix: 3\n' + view('{ sliding_window: { size: 0 }, meter: {} }') + '    bogus: 1\n');
    try {
      loadMetricsConfig(file);
      throw new Error('no error');
    } catch (e) {
      const err = e as ConfigFileError;
      expect(err.problems.map((p) => p.path)).toEqual(['/distribution/meterwork/prefix', `${V}/sliding_window/size`, V, '/distribution/meterwork/bogus']);
      expect(err.message.split('\n')).toHaveLength(5);
    }
  });

  it('a wrong file_format major is the official parser error, with the file and /file_format', () => {
    const file = writeConfig('file_format: "2.0"\n');
    expect(() => loadMetricsConfig(file)).toThrow(ConfigFileError);
    try {
      loadMetricsConfig(file);
    } catch (e) {
      const err = e as ConfigFileError;
      expect(err.file).toBe(file);
      expect(err.problems[0]!.path).toBe('/file_format');
      expect(err.message).toMatch(/Unsupported file_format: "2.0"/);
    }
  });

  it('a standard key the official schema rejects keeps the official pointer', () => {
    const file = writeConfig(HEADER + 'meter_provider:\n  readers:\n    - periodic: { interval: fast, exporter: { console: {} } }\n');
    try {
      loadMetricsConfig(file);
      throw new Error('no error');
    } catch (e) {
      const err = e as ConfigFileError;
      expect(err.message.startsWith(`Invalid OpenTelemetry config file: ${file}:`)).toBe(true);
      expect(err.problems.some((p) => p.path === '/meter_provider/readers/0/periodic/interval')).toBe(true);
    }
  });

  it('a missing file names the file', () => {
    expect(() => loadMetricsConfig('/nonexistent/metrics.yaml')).toThrow(
      /Invalid OpenTelemetry config file: \/nonexistent\/metrics.yaml: cannot be read \(ENOENT\)/,
    );
  });
});
