/**
 * UCUM units (as OTel instruments declare them) to Prometheus unit words,
 * following the OTel "Prometheus and OpenMetrics compatibility" spec: full
 * words (`ms` -> `milliseconds`), annotations dropped (`{request}`), `1` ->
 * `ratio` (gauges), `X/Y` -> `X_per_Y`. Beyond the Collector's fixed table,
 * any UCUM metric unit takes a UCUM prefix (`kBy` -> `kilobytes`, `MiBy` ->
 * `mebibytes`, `ks` -> `kiloseconds`, `mV` -> `millivolts`).
 */

/** Units that take no prefix: [plural, singular]. */
const PLAIN_UNITS: Readonly<Record<string, readonly [string, string]>> = {
  min: ['minutes', 'minute'],
  h: ['hours', 'hour'],
  d: ['days', 'day'],
  wk: ['weeks', 'week'],
  mo: ['months', 'month'],
  a: ['years', 'year'],
  Cel: ['celsius', 'celsius'],
  '%': ['percent', 'percent'],
  deg: ['degrees', 'degree'],
  // Not UCUM, but in the Collector's table: decimal multiples of bytes with an upper-case K.
  KBy: ['kilobytes', 'kilobyte'],
};

/** UCUM "metric" units, which take a prefix: [plural, singular]. */
const METRIC_UNITS: Readonly<Record<string, readonly [string, string]>> = {
  s: ['seconds', 'second'],
  By: ['bytes', 'byte'],
  bit: ['bits', 'bit'],
  m: ['meters', 'meter'],
  g: ['grams', 'gram'],
  L: ['liters', 'liter'],
  l: ['liters', 'liter'],
  V: ['volts', 'volt'],
  A: ['amperes', 'ampere'],
  J: ['joules', 'joule'],
  W: ['watts', 'watt'],
  Hz: ['hertz', 'hertz'],
  N: ['newtons', 'newton'],
  Pa: ['pascals', 'pascal'],
  Ohm: ['ohms', 'ohm'],
  C: ['coulombs', 'coulomb'],
  F: ['farads', 'farad'],
  K: ['kelvins', 'kelvin'],
  mol: ['moles', 'mole'],
  cd: ['candelas', 'candela'],
  rad: ['radians', 'radian'],
};

/** UCUM prefixes (case-sensitive; `u` is micro), binary ones included. Two-letter prefixes first. */
const PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['da', 'deca'],
  ['Ki', 'kibi'],
  ['Mi', 'mebi'],
  ['Gi', 'gibi'],
  ['Ti', 'tebi'],
  ['Pi', 'pebi'],
  ['Ei', 'exbi'],
  ['Y', 'yotta'],
  ['Z', 'zetta'],
  ['E', 'exa'],
  ['P', 'peta'],
  ['T', 'tera'],
  ['G', 'giga'],
  ['M', 'mega'],
  ['k', 'kilo'],
  ['h', 'hecto'],
  ['d', 'deci'],
  ['c', 'centi'],
  ['m', 'milli'],
  ['u', 'micro'],
  ['μ', 'micro'],
  ['n', 'nano'],
  ['p', 'pico'],
  ['f', 'femto'],
  ['a', 'atto'],
  ['z', 'zepto'],
  ['y', 'yocto'],
];

/** The Collector's "per" words, kept for compatible names (`m` after `/` is a minute there). */
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

/** The word of a UCUM unit (exact unit first, then prefix + metric unit), or undefined. */
function ucumWord(unit: string, plural: boolean): string | undefined {
  const exact = METRIC_UNITS[unit] ?? PLAIN_UNITS[unit];
  if (exact !== undefined) return plural ? exact[0] : exact[1];
  for (const [prefix, word] of PREFIXES) {
    if (unit.length <= prefix.length || !unit.startsWith(prefix)) continue;
    const base = METRIC_UNITS[unit.slice(prefix.length)];
    if (base !== undefined) return word + (plural ? base[0] : base[1]);
  }
  return undefined;
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
  const main = (slash === -1 ? stripped : stripped.slice(0, slash)).trim();
  const per = slash === -1 ? '' : stripped.slice(slash + 1).trim();
  const mainWord = main === '1' || main.length === 0 ? '' : (ucumWord(main, true) ?? cleanWord(main));
  const perWord = per.length === 0 ? '' : (PER_UNITS[per] ?? ucumWord(per, false) ?? cleanWord(per));
  if (perWord.length === 0) return mainWord;
  return mainWord.length === 0 ? `per_${perWord}` : `${mainWord}_per_${perWord}`;
}
