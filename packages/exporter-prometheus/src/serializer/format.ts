/** Low-level text helpers shared by both formats. */

/** Prometheus float: `+Inf`, `-Inf`, `NaN`; integers below 1e21 without exponent. */
export function formatNumber(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (value !== value) return 'NaN';
  return '' + value;
}

/** Seconds since epoch for `_created` from an OTel HrTime. */
export function hrTimeToSeconds(time: readonly [number, number]): string {
  return formatNumber(time[0] + time[1] / 1e9);
}

const LABEL_VALUE_SPECIAL = /[\\"\n]/;
const LABEL_VALUE_SPECIAL_G = /[\\"\n]/g;
const HELP_TEXT_SPECIAL = /[\\\n]/;
const HELP_TEXT_SPECIAL_G = /[\\\n]/g;

function escapeChar(c: string): string {
  return c === '\n' ? '\\n' : '\\' + c;
}

/** Escapes `\`, `"` and newline (same in both formats). */
export function escapeLabelValue(value: string): string {
  return LABEL_VALUE_SPECIAL.test(value) ? value.replace(LABEL_VALUE_SPECIAL_G, escapeChar) : value;
}

/**
 * HELP text: text 0.0.4 only knows `\\` and `\n` escapes (a `\"` there is a
 * parse error), OpenMetrics also escapes `"`.
 */
export function escapeHelp(text: string, openMetrics: boolean): string {
  if (openMetrics) return escapeLabelValue(text);
  return HELP_TEXT_SPECIAL.test(text) ? text.replace(HELP_TEXT_SPECIAL_G, escapeChar) : text;
}

/** Joins label bodies with a comma, skipping empty ones. */
export function joinLabels(a: string, b: string): string {
  if (a.length === 0) return b;
  return b.length === 0 ? a : a + ',' + b;
}
