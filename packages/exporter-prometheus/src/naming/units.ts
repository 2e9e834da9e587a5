/**
 * UCUM units (as used by OTel instruments) to Prometheus unit words, following
 * the OTel compatibility spec and the Collector's translator table.
 */

const MAIN_UNITS: Readonly<Record<string, string>> = {
  // time
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  // bytes
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tebibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  bit: 'bits',
  // SI
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
};

const PER_UNITS: Readonly<Record<string, string>> = {
  s: 'second',
  m: 'minute',
  min: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

const ANNOTATIONS = /\{[^}]*\}/g;
const INVALID_UNIT_CHARS = /[^a-zA-Z0-9]+/g;

function cleanWord(word: string): string {
  return word.replace(INVALID_UNIT_CHARS, '_').replace(/^_+|_+$/g, '');
}

/**
 * Converts a UCUM unit to the Prometheus unit word used as name suffix and in
 * OpenMetrics `# UNIT`: `s` -> `seconds`, `By/s` -> `bytes_per_second`,
 * `{request}` -> `` (annotations dropped), `1` -> `ratio` (gauges only, as a
 * counter of "1" is just a count). Unknown units are kept, sanitised.
 */
export function unitToPrometheus(unit: string, isGauge: boolean): string {
  if (unit.length === 0) return '';
  if (unit === '1') return isGauge ? 'ratio' : '';
  const stripped = unit.replace(ANNOTATIONS, '').trim();
  if (stripped.length === 0) return '';
  const slash = stripped.indexOf('/');
  const main = slash === -1 ? stripped : stripped.slice(0, slash);
  const per = slash === -1 ? '' : stripped.slice(slash + 1);
  const mainWord = main === '1' ? '' : (MAIN_UNITS[main] ?? cleanWord(main));
  const perWord = per.length === 0 ? '' : (PER_UNITS[per] ?? MAIN_UNITS[per] ?? cleanWord(per));
  if (perWord.length === 0) return mainWord;
  return mainWord.length === 0 ? `per_${perWord}` : `${mainWord}_per_${perWord}`;
}
