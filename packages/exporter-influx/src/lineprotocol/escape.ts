import { diag } from '@opentelemetry/api';

/**
 * Line-protocol escaping. Each test regex is checked first so that the common
 * case (nothing to escape) returns the input string without allocating.
 *
 * Line protocol has no escape for newlines: a raw `\n` would end the line, so
 * CR and LF are replaced by a space everywhere (names, tags, string fields).
 *
 * Some backslashes cannot be stored as written, whatever the escaping (measured
 * against influxd 1.6.7, which answers 204 all the same):
 * - a trailing backslash anywhere escapes the separator after it (the line is
 *   refused, or the name ends elsewhere);
 * - in a measurement or field key, a backslash before `,`, space, `=` or `"`:
 *   influxd unescapes `\,` `\ ` `\=` `\"` there, so `a\,b` is stored as `a,b`
 *   (merged with that metric) or the line is refused (`a\ b` as a field key).
 *   Tag keys and values keep such backslashes faithfully.
 * Each such backslash is written as `_` (`a\,b` -> `a_,b`, `C:\dir\` -> `C:\dir_`),
 * with one `diag.warn` per name: renamed, never merged with another name or lost.
 */

const MEASUREMENT_SPECIAL = /[, \n\r]|\\(?=[,= "]|$)/;
const TAG_SPECIAL = /[,= \n\r]|\\$/;
const FIELD_KEY_SPECIAL = /[,= \n\r]|\\(?=[,= "]|$)/;
const STRING_SPECIAL = /["\\\n\r]/;
const NEWLINES = /[\n\r]/g;
/** Backslash runs influxd cannot store in a measurement or field key (`..._RUNS` to replace them, global). */
const UNSTORABLE_IN_NAME = /\\(?=[,= "]|$)/;
const UNSTORABLE_IN_NAME_RUNS = /\\+(?=[,= "]|$)/g;
/** Backslash runs influxd cannot store in a tag key or value. */
const UNSTORABLE_IN_TAG = /\\+$/;

const MAX_WARNED = 1000;
const warned = new Set<string>();

function underscores(run: string): string {
  return '_'.repeat(run.length);
}

/** `to` (the rewritten `from`), after one bounded warning per `what` and name. */
function rewritten(what: string, from: string, to: string): string {
  const key = what + '\u0000' + from;
  if (!warned.has(key) && warned.size < MAX_WARNED) {
    warned.add(key);
    diag.warn(
      `@meterwork/exporter-influx: ${what} ${JSON.stringify(from)} has a backslash InfluxDB cannot store ` +
        `(before ',', ' ', '=' or '"', or at the end: it would be merged with another name or refused); written as ${JSON.stringify(to)}`,
    );
  }
  return to;
}

/** Measurement names: commas and spaces are escaped; unstorable backslashes become `_`. */
export function escapeMeasurement(s: string): string {
  if (!MEASUREMENT_SPECIAL.test(s)) return s;
  let name = s.replace(NEWLINES, ' ');
  if (UNSTORABLE_IN_NAME.test(name)) name = rewritten('measurement', s, name.replace(UNSTORABLE_IN_NAME_RUNS, underscores));
  return name.replace(/([, ])/g, '\\$1');
}

/**
 * Tag keys and tag values: commas, equals signs and spaces are escaped; a
 * trailing backslash becomes `_`. `attributeKey`: the attribute whose value `s`
 * is (named in the warning); undefined when `s` is a tag key.
 */
export function escapeTag(s: string, attributeKey?: string): string {
  if (!TAG_SPECIAL.test(s)) return s;
  let tag = s.replace(NEWLINES, ' ');
  if (UNSTORABLE_IN_TAG.test(tag)) {
    const what = attributeKey === undefined ? 'tag key' : `value of attribute ${JSON.stringify(attributeKey)}`;
    tag = rewritten(what, s, tag.replace(UNSTORABLE_IN_TAG, underscores));
  }
  return tag.replace(/([,= ])/g, '\\$1');
}

/** Field keys: commas, equals signs and spaces are escaped; unstorable backslashes become `_`. */
export function escapeFieldKey(s: string): string {
  if (!FIELD_KEY_SPECIAL.test(s)) return s;
  let key = s.replace(NEWLINES, ' ');
  if (UNSTORABLE_IN_NAME.test(key)) key = rewritten('field key', s, key.replace(UNSTORABLE_IN_NAME_RUNS, underscores));
  return key.replace(/([,= ])/g, '\\$1');
}

/** String field values, without the surrounding quotes: quotes and backslashes are escaped. */
export function escapeStringField(s: string): string {
  if (!STRING_SPECIAL.test(s)) return s;
  return s.replace(NEWLINES, ' ').replace(/(["\\])/g, '\\$1');
}
