import { toPrometheusName } from '../../src/naming/metric-name';
import { unitToPrometheus } from '../../src/naming/units';
import { PrometheusSerializer } from '../../src/serializer/serializer';
import { gauge, resourceMetrics, sum } from '../serializer/fixtures';

/**
 * Issue 7 item 10: unit words follow the OTel "Prometheus and OpenMetrics
 * compatibility" spec with the whole UCUM table, prefixes included (before:
 * only a fixed list; `kBy` became `_kBy`, `km` stayed `km`).
 */
describe('regression: UCUM units with prefixes become Prometheus unit words', () => {
  it.each([
    // the spec's and the Collector's table
    ['s', 'seconds'],
    ['ms', 'milliseconds'],
    ['us', 'microseconds'],
    ['ns', 'nanoseconds'],
    ['min', 'minutes'],
    ['h', 'hours'],
    ['d', 'days'],
    ['By', 'bytes'],
    ['KiBy', 'kibibytes'],
    ['MiBy', 'mebibytes'],
    ['GiBy', 'gibibytes'],
    ['TiBy', 'tebibytes'],
    ['KBy', 'kilobytes'],
    ['MBy', 'megabytes'],
    ['GBy', 'gigabytes'],
    ['TBy', 'terabytes'],
    ['m', 'meters'],
    ['V', 'volts'],
    ['A', 'amperes'],
    ['J', 'joules'],
    ['W', 'watts'],
    ['g', 'grams'],
    ['Cel', 'celsius'],
    ['Hz', 'hertz'],
    ['%', 'percent'],
    // UCUM prefixes on any metric unit
    ['kBy', 'kilobytes'],
    ['PiBy', 'pebibytes'],
    ['kbit', 'kilobits'],
    ['Mibit', 'mebibits'],
    ['km', 'kilometers'],
    ['mm', 'millimeters'],
    ['kg', 'kilograms'],
    ['mg', 'milligrams'],
    ['mV', 'millivolts'],
    ['kW', 'kilowatts'],
    ['MHz', 'megahertz'],
    ['mA', 'milliamperes'],
    ['kJ', 'kilojoules'],
    ['ks', 'kiloseconds'],
    ['ps', 'picoseconds'],
    ['das', 'decaseconds'],
    ['cm', 'centimeters'],
    // annotations dropped, X/Y -> X_per_Y
    ['{request}', ''],
    ['{packet}/s', 'per_second'],
    ['By/s', 'bytes_per_second'],
    ['kBy/s', 'kilobytes_per_second'],
    ['MiBy/min', 'mebibytes_per_minute'],
    ['{a}By{b}', 'bytes'],
    ['1/s', 'per_second'],
    ['By/ms', 'bytes_per_millisecond'],
    ['m/s', 'meters_per_second'],
    ['J/kg', 'joules_per_kilogram'],
    // unknown units are kept, sanitised
    ['widgets', 'widgets'],
    ['weird unit', 'weird_unit'],
  ])('%j -> %j', (unit, word) => {
    expect(unitToPrometheus(unit, false)).toBe(word);
  });

  it('`1` is `ratio` on gauges only', () => {
    expect(unitToPrometheus('1', true)).toBe('ratio');
    expect(unitToPrometheus('1', false)).toBe('');
    expect(toPrometheusName('cpu.utilization', '1', 'gauge').name).toBe('cpu_utilization_ratio');
    expect(toPrometheusName('events', '1', 'counter').name).toBe('events_total');
  });

  it('names and OpenMetrics UNIT use the word', () => {
    const data = resourceMetrics([{ name: 's', metrics: [gauge('heap.limit', [[{}, 1]], { unit: 'MiBy' }), sum('disk.written', [[{}, 2]], { unit: 'kBy' })] }]);
    const om = new PrometheusSerializer({ withTargetInfo: false, withScopeLabels: false }).serialize(data, 'openmetrics');
    expect(om).toContain('# UNIT heap_limit_mebibytes mebibytes\nheap_limit_mebibytes 1\n');
    expect(om).toContain('# UNIT disk_written_kilobytes kilobytes\ndisk_written_kilobytes_total 2\n');
  });
});
