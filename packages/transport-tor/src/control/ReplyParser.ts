/**
 * Splits the bytes of a Tor control connection into replies (control-spec
 * section 2.3): `250-key=value` mid lines, `250+key=` data blocks ended by a
 * lone `.`, a final `250 OK`; codes 6xx are asynchronous events.
 * Pure (no sockets) so it is tested on raw text.
 */

/** One complete reply: its status code and its lines (data blocks joined with `\n`). */
export interface TorControlReply {
  /** The three-digit status, e.g. `250`, `551`, `650`. */
  readonly code: number;
  /** Each reply line without the status prefix; a data block is one entry with its lines joined by `\n`. */
  readonly lines: readonly string[];
}

export class ReplyParser {
  private _pending = '';
  private _lines: string[] = [];
  private _data: string[] | undefined;

  constructor(private readonly _onReply: (reply: TorControlReply) => void) {}

  /** Feeds received text; calls the reply callback once per complete reply. */
  push(chunk: string): void {
    this._pending += chunk;
    let end: number;
    while ((end = this._pending.indexOf('\n')) >= 0) {
      const line = this._pending.slice(0, end).replace(/\r$/, '');
      this._pending = this._pending.slice(end + 1);
      this._line(line);
    }
  }

  private _line(line: string): void {
    if (this._data) {
      if (line === '.') {
        this._lines[this._lines.length - 1] += this._data.join('\n');
        this._data = undefined;
      } else {
        // A leading '.' is doubled on the wire (dot-stuffing).
        this._data.push(line.startsWith('..') ? line.slice(1) : line);
      }
      return;
    }
    const match = /^(\d{3})([ +-])(.*)$/.exec(line);
    if (!match) return; // not protocol: ignore rather than desynchronise
    const [, code, separator, text] = match;
    this._lines.push(separator === '+' ? `${text}\n` : text!);
    if (separator === '+') this._data = [];
    else if (separator === ' ') {
      const lines = this._lines;
      this._lines = [];
      this._onReply({ code: Number(code), lines });
    }
  }
}
