/**
 * A DOT label as monkit writes it: every character other than `[A-Za-z0-9 ]`
 * (and every non-ASCII one) becomes a numeric entity, so no quote, backslash
 * or brace can break out of the label; `\n` becomes `\l` (left-justified
 * line break). A backslash becomes `\\`, not an entity: Graphviz decodes
 * entities before it reads escapes, so `&#92;n` would still break the line
 * (monkit's output has that bug).
 */
export function escapeDotLabel(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '\n') out += '\\l';
    else if (ch === '\\') out += '\\\\';
    else if (/[A-Za-z0-9 ]/.test(ch)) out += ch;
    else out += `&#${ch.codePointAt(0)};`;
  }
  return out;
}
