/**
 * Regression (issue 7, item 11): influxd 1.6.7 answers 204 to a measurement
 * `a\,b` and stores it as `a,b` (merged with that metric); a trailing
 * backslash in a tag value was removed without a word (`C:\dir\` merged with
 * `C:\dir`). Such backslashes are now written as `_`, with one diag per name
 * naming it. The real-server round trip is the root test
 * test/regression/influxMeasurementNamesRoundTrip.test.ts.
 */
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { LineProtocolEncoder } from '../../src';
import { gauge, resourceMetrics, T0_NS } from '../util';

describe('backslashes InfluxDB cannot store are renamed with a diag', () => {
  const warnings: string[] = [];
  const logger: DiagLogger = {
    error: () => undefined,
    warn: (m: string) => void warnings.push(m),
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  };
  beforeAll(() => diag.setLogger(logger, DiagLogLevel.WARN));
  afterAll(() => diag.disable());

  it('a measurement a\\,b is written a_\\,b, not merged with a,b; one warning names it', () => {
    const encoder = new LineProtocolEncoder({ scopeTags: false, resourceAttributes: { include: [] } });
    const rm = resourceMetrics([gauge('a\\,b', [[{}, 1]]), gauge('a,b', [[{}, 2]])]);
    expect(encoder.encode(rm)).toEqual([`a_\\,b gauge=1 ${T0_NS}`, `a\\,b gauge=2 ${T0_NS}`]);
    encoder.encode(rm);
    const about = warnings.filter((w) => w.includes('measurement "a\\\\,b"'));
    expect(about).toEqual([expect.stringContaining('written as "a_,b"')]);
  });

  it('a tag value C:\\dir\\ is written C:\\dir_, not merged with C:\\dir; the warning names the attribute', () => {
    const encoder = new LineProtocolEncoder({ scopeTags: false, resourceAttributes: { include: [] } });
    const lines = encoder.encode(
      resourceMetrics([
        gauge('files', [
          [{ path: 'C:\\dir\\' }, 1],
          [{ path: 'C:\\dir' }, 2],
        ]),
      ]),
    );
    expect(lines).toEqual([`files,path=C:\\dir_ gauge=1 ${T0_NS}`, `files,path=C:\\dir gauge=2 ${T0_NS}`]);
    expect(warnings).toContainEqual(expect.stringContaining('value of attribute "path" "C:\\\\dir\\\\" has a backslash InfluxDB cannot store'));
  });

  it('telegraf-prometheus-v2: a field key a\\ b is written a_\\ b (influxd would refuse the line)', () => {
    const encoder = new LineProtocolEncoder({ schema: 'telegraf-prometheus-v2', scopeTags: false, resourceAttributes: { include: [] } });
    expect(encoder.encode(resourceMetrics([gauge('a\\ b', [[{}, 1]])]))).toEqual([`prometheus a_\\ b=1 ${T0_NS}`]);
    expect(warnings).toContainEqual(expect.stringContaining('field key "a\\\\ b"'));
  });
});
