/**
 * Line-protocol escaping. Each test regex is checked first so that the common
 * case (nothing to escape) returns the input string without allocating.
 *
 * Line protocol has no escape for newlines: a raw `\n` would end the line, so
 * CR and LF are replaced by a space everywhere (names, tags, string fields).
 * A trailing backslash in a name or tag would escape the separator that
 * follows it, so it is removed.
 */

const MEASUREMENT_SPECIAL = /[, \n\r]|\\$/;
const TAG_SPECIAL = /[,= \n\r]|\\$/;
const STRING_SPECIAL = /["\\\n\r]/;

function stripTrailingBackslashes(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 92) end--;
  return s.slice(0, end);
}

/** Measurement names: commas and spaces are escaped. */
export function escapeMeasurement(s: string): string {
  if (!MEASUREMENT_SPECIAL.test(s)) return s;
  return stripTrailingBackslashes(s).replace(/[\n\r]/g, ' ').replace(/([, ])/g, '\\$1');
}

/** Tag keys, tag values and field keys: commas, equals signs and spaces are escaped. */
export function escapeTag(s: string): string {
  if (!TAG_SPECIAL.test(s)) return s;
  return stripTrailingBackslashes(s).replace(/[\n\r]/g, ' ').replace(/([,= ])/g, '\\$1');
}

/**
 * Field keys: like tags, and a run of backslashes right before a comma, equals
 * sign or space is doubled. influxd skips the character after each backslash
 * when it scans a field key, so `a\ x` written as `a\\ x` would end the key
 * at the space and the line would be refused; `a\\\ x` is accepted (InfluxDB
 * 1.x keeps the doubled backslash in the stored key).
 */
export function escapeFieldKey(s: string): string {
  if (!TAG_SPECIAL.test(s)) return s;
  return stripTrailingBackslashes(s)
    .replace(/[\n\r]/g, ' ')
    .replace(/\\+(?=[,= ])/g, (run) => run + run)
    .replace(/([,= ])/g, '\\$1');
}

/** String field values, without the surrounding quotes: quotes and backslashes are escaped. */
export function escapeStringField(s: string): string {
  if (!STRING_SPECIAL.test(s)) return s;
  return s.replace(/[\n\r]/g, ' ').replace(/(["\\])/g, '\\$1');
}
