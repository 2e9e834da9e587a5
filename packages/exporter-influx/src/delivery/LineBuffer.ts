/**
 * A bounded FIFO of lines (count and bytes). When full, the oldest lines are
 * dropped and reported through `onDrop`: recent data is worth more than old
 * data once the server has been away long enough to fill it.
 */
export class LineBuffer {
  private items: string[] = [];
  private head = 0;
  private byteCount = 0;

  constructor(
    private readonly maxLines: number,
    private readonly maxBytes: number,
    private readonly onDrop: (lines: number) => void,
  ) {}

  get lines(): number {
    return this.items.length - this.head;
  }

  get bytes(): number {
    return this.byteCount;
  }

  /** Appends at the end (newest). */
  push(lines: readonly string[]): void {
    for (const line of lines) {
      this.items.push(line);
      this.byteCount += lineBytes(line);
    }
    this.enforce();
  }

  /** Puts lines back at the front (a batch to retry: they are the oldest). */
  unshift(lines: readonly string[]): void {
    if (lines.length <= this.head) {
      this.head -= lines.length;
      for (let i = 0; i < lines.length; i++) this.items[this.head + i] = lines[i];
    } else {
      this.items = lines.concat(this.items.slice(this.head));
      this.head = 0;
    }
    for (const line of lines) this.byteCount += lineBytes(line);
    this.enforce();
  }

  /** Removes and returns up to `maxLines` lines / about `maxBytes` bytes from the front (at least one line). */
  take(maxLines: number, maxBytes: number): string[] {
    const out: string[] = [];
    let bytes = 0;
    while (this.head < this.items.length && out.length < maxLines) {
      const line = this.items[this.head];
      const size = lineBytes(line);
      if (out.length > 0 && bytes + size > maxBytes) break;
      out.push(line);
      bytes += size;
      this.items[this.head++] = '';
    }
    this.byteCount -= bytes;
    this.compact();
    return out;
  }

  private enforce(): void {
    let dropped = 0;
    while (this.head < this.items.length && (this.lines > this.maxLines || this.byteCount > this.maxBytes)) {
      this.byteCount -= lineBytes(this.items[this.head]);
      this.items[this.head++] = '';
      dropped++;
    }
    this.compact();
    if (dropped > 0) this.onDrop(dropped);
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

/** UTF-8 size of a line plus its newline. */
export function lineBytes(line: string): number {
  return Buffer.byteLength(line) + 1;
}
