/**
 * Just enough of InfluxDB line protocol to police a write: per line the
 * series key (measurement and sorted tags), the tags unescaped, and the
 * string field values. Number, boolean and timestamp syntax is left to the
 * database (it refuses a malformed point; the proxy only needs to know
 * whose series these are and what the tags say).
 */

/** One point's identity. */
export interface ParsedLine {
  readonly measurement: string;
  /** Unescaped tag pairs in line order. */
  readonly tags: ReadonlyArray<readonly [key: string, value: string]>;
  /** Measurement plus tags sorted by key: InfluxDB's series identity. */
  readonly seriesKey: string;
  /** Unescaped values of string fields (`f="text"`). */
  readonly stringFields: readonly string[];
}

export type ParseResult =
  { readonly ok: true; readonly lines: readonly ParsedLine[] } | { readonly ok: false; readonly lineNumber: number; readonly message: string };

/** Parses a whole write body; blank lines and `#` comments are skipped. */
export function parseLineProtocol(body: string): ParseResult {
  const lines: ParsedLine[] = [];
  let lineNumber = 0;
  for (const raw of body.split('\n')) {
    lineNumber++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const parsed = parseLine(line);
    if (typeof parsed === 'string') return { ok: false, lineNumber, message: parsed };
    lines.push(parsed);
  }
  return { ok: true, lines };
}

const BACKSLASH = 92;

/** Reads up to (not including) the first unescaped character of `stops`; returns [text, index of the stop]. */
function readUntil(line: string, start: number, stops: string): [string, number] {
  // Exporter output rarely escapes: scan, then slice once; build the string char by char only after a backslash.
  let i = start;
  while (i < line.length) {
    const code = line.charCodeAt(i);
    if (code === BACKSLASH) return readEscaped(line, start, stops);
    if (stops.includes(line[i] as string)) break;
    i++;
  }
  return [line.slice(start, i), i];
}

function readEscaped(line: string, start: number, stops: string): [string, number] {
  let out = '';
  let i = start;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === '\\' && i + 1 < line.length) {
      const next = line[i + 1] as string;
      // Only escapes of a delimiter (or backslash) are escapes; other backslashes are literal.
      if (next === ',' || next === ' ' || next === '=' || next === '\\' || next === '"') {
        out += next;
        i += 2;
        continue;
      }
    }
    if (stops.includes(c)) break;
    out += c;
    i++;
  }
  return [out, i];
}

function parseLine(line: string): ParsedLine | string {
  const [measurement, mEnd] = readUntil(line, 0, ', ');
  if (measurement === '') return 'missing measurement';
  const tags: Array<[string, string]> = [];
  let i = mEnd;
  while (line[i] === ',') {
    const [key, kEnd] = readUntil(line, i + 1, '=, ');
    if (line[kEnd] !== '=' || key === '') return `malformed tag after ${JSON.stringify(measurement)}`;
    const [value, vEnd] = readUntil(line, kEnd + 1, ', ');
    if (value === '') return `empty value of tag ${JSON.stringify(key)}`;
    tags.push([key, value]);
    i = vEnd;
  }
  if (line[i] !== ' ') return 'missing fields';
  const stringFields: string[] = [];
  i++;
  let fields = 0;
  for (;;) {
    const [key, kEnd] = readUntil(line, i, '= ,');
    if (line[kEnd] !== '=' || key === '') return 'malformed field';
    i = kEnd + 1;
    if (line[i] === '"') {
      let text = '';
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) i++;
        text += line[i];
        i++;
      }
      if (line[i] !== '"') return `unterminated string field ${JSON.stringify(key)}`;
      i++;
      stringFields.push(text);
    } else {
      while (i < line.length && line[i] !== ',' && line[i] !== ' ') i++;
    }
    fields++;
    if (line[i] !== ',') break;
    i++;
  }
  if (fields === 0) return 'missing fields';
  const sorted = tags.map(([k, v]) => k + '=' + v).sort();
  return { measurement, tags, seriesKey: measurement + '\0' + sorted.join('\0'), stringFields };
}
