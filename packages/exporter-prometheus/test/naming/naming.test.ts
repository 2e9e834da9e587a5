import { toPrometheusName } from '../../src/naming/metric-name';
import { sanitizeLabelName, sanitizeMetricName } from '../../src/naming/sanitize';
import { unitToPrometheus } from '../../src/naming/units';
import { LabelNameCache } from '../../src/naming/sanitize';

describe('sanitizeMetricName', () => {
  it.each([
    ['http.server.duration', 'http_server_duration'],
    ['valid_name:colon', 'valid_name:colon'],
    ['1st.metric', '_1st_metric'],
    ['a..b--c', 'a_b_c'],
    ['a__b', 'a_b'],
    ['__reserved', '_reserved'],
    ['', '_'],
    ['ünïcödé', '_n_c_d_'],
    ['with space', 'with_space'],
  ])('%j -> %j', (input, expected) => {
    expect(sanitizeMetricName(input)).toBe(expected);
  });
});

describe('sanitizeLabelName', () => {
  it.each([
    ['http.route', 'http_route'],
    ['has:colon', 'has_colon'],
    ['0abc', '_0abc'],
    ['__name__', '_name_'],
    ['a__b', 'a_b'],
    ['', '_'],
    ['ok_Label9', 'ok_Label9'],
    ['"quoted"\n', '_quoted_'],
  ])('%j -> %j', (input, expected) => {
    expect(sanitizeLabelName(input)).toBe(expected);
  });

  it('never yields an invalid or reserved label name', () => {
    for (const s of ['__', '___x', '9', '.', '"', '\\', '\n', 'é', '_9']) {
      const name = sanitizeLabelName(s);
      expect(name).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
      expect(name.startsWith('__')).toBe(false);
    }
  });

  it('LabelNameCache returns the same as sanitizeLabelName and survives being cleared', () => {
    const cache = new LabelNameCache(2);
    for (const key of ['a.b', 'c', 'd-e', 'a.b', 'f g']) expect(cache.get(key)).toBe(sanitizeLabelName(key));
  });
});

describe('unitToPrometheus', () => {
  it.each([
    ['s', false, 'seconds'],
    ['ms', false, 'milliseconds'],
    ['us', false, 'microseconds'],
    ['By', false, 'bytes'],
    ['KiBy', false, 'kibibytes'],
    ['1', true, 'ratio'],
    ['1', false, ''],
    ['{request}', false, ''],
    ['{packet}/s', false, 'per_second'],
    ['By/s', false, 'bytes_per_second'],
    ['m/s', false, 'meters_per_second'],
    ['1/s', false, 'per_second'],
    ['%', true, 'percent'],
    ['Cel', true, 'celsius'],
    ['km', false, 'kilometers'],
    ['', false, ''],
    ['{a}By{b}', false, 'bytes'],
  ])('%j (gauge=%j) -> %j', (unit, isGauge, expected) => {
    expect(unitToPrometheus(unit, isGauge)).toBe(expected);
  });
});

describe('toPrometheusName', () => {
  it.each([
    // [name, unit, kind, text name, OpenMetrics family, unit]
    ['http.server.duration', 's', 'other', 'http_server_duration_seconds', 'http_server_duration_seconds', 'seconds'],
    ['http.server.duration_seconds', 's', 'other', 'http_server_duration_seconds', 'http_server_duration_seconds', 'seconds'],
    ['http.requests', '{request}', 'counter', 'http_requests_total', 'http_requests', ''],
    ['requests_total', '', 'counter', 'requests_total', 'requests', ''],
    ['bytes.sent', 'By', 'counter', 'bytes_sent_total', 'bytes_sent', ''],
    ['sent', 'By', 'counter', 'sent_bytes_total', 'sent_bytes', 'bytes'],
    ['sent_total', 'By', 'counter', 'sent_bytes_total', 'sent_bytes', 'bytes'],
    ['cpu.utilization', '1', 'gauge', 'cpu_utilization_ratio', 'cpu_utilization_ratio', 'ratio'],
    ['events', '1', 'counter', 'events_total', 'events', ''],
    ['throughput', 'By/s', 'gauge', 'throughput_bytes_per_second', 'throughput_bytes_per_second', 'bytes_per_second'],
    ['latency.ms', 'ms', 'gauge', 'latency_ms_milliseconds', 'latency_ms_milliseconds', 'milliseconds'],
    ['seconds_spent', 's', 'gauge', 'seconds_spent', 'seconds_spent', ''],
    ['trailing.', 's', 'gauge', 'trailing_seconds', 'trailing_seconds', 'seconds'],
    ['1x', '', 'gauge', '_1x', '_1x', ''],
  ] as const)('%j %j %s', (name, unit, kind, textName, familyName, unitWord) => {
    expect(toPrometheusName(name, unit, kind)).toEqual({ name: textName, familyName, unit: unitWord });
  });

  it('options disable the unit and _total suffixes', () => {
    expect(toPrometheusName('sent', 'By', 'counter', { withUnitSuffix: false, withTotalSuffix: false })).toEqual({
      name: 'sent',
      familyName: 'sent',
      unit: '',
    });
  });
});
