/**
 * monkit's JSON list layout: `[`, then one element per line each starting
 * with a space, joined by `,\n`, then `]\n` (`[]\n` when empty). Line per
 * element so `grep` and line-based tools work on it.
 */
export function jsonList(elements: Iterable<unknown>): string {
  let out = '[';
  let sep = '\n';
  for (const e of elements) {
    out += sep + ' ' + JSON.stringify(e);
    sep = ',\n';
  }
  return out + ']\n';
}
