/**
 * A bounded FIFO of lines (count and bytes). When full, the oldest lines are
 * dropped and reported through `onDrop`: recent data is worth more than old
 * data once the server has been away long enough to fill it.
 *
 * Every pushed line gets a sequence number (0, 1, 2, ... in push order) that
 * travels with it through `take` / `unshift`, so that a flush can wait for
 * exactly the lines pushed before it.
 */
export class LineBuffer {
  private items: string[] = [];
  private seqs: number[] = [];
  private head = 0;
  private byteCount = 0;
  private pushed = 0;

  constructor(
    private readonly maxLines: number,
    private readonly maxBytes: number,
    /** `seqs`: the sequence numbers of the dropped lines. */
    private readonly onDrop: (lines: number, seqs: number[]) => void,
  ) {}

  /** Sequence number the next pushed line gets (= lines pushed so far). */
  get nextSeq(): number {
    return this.pushed;
  }

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
      this.seqs.push(this.pushed++);
      this.byteCount += lineBytes(line);
    }
    this.enforce();
  }

  /** Puts lines back at the front (a batch to retry: they are the oldest), with the sequence numbers `take` gave. */
  unshift(lines: readonly string[], seqs: readonly number[]): void {
    if (lines.length <= this.head) {
      this.head -= lines.length;
      for (let i = 0; i < lines.length; i++) {
        this.items[this.head + i] = lines[i];
        this.seqs[this.head + i] = seqs[i];
      }
    } else {
      this.items = lines.concat(this.items.slice(this.head));
      this.seqs = seqs.concat(this.seqs.slice(this.head));
      this.head = 0;
    }
    for (const line of lines) this.byteCount += lineBytes(line);
    this.enforce();
  }

  /**
   * Removes and returns up to `maxLines` lines / about `maxBytes` bytes from the
   * front (at least one line); their sequence numbers are appended to `seqsOut`.
   */
  take(maxLines: number, maxBytes: number, seqsOut: number[] = []): string[] {
    const out: string[] = [];
    let bytes = 0;
    while (this.head < this.items.length && out.length < maxLines) {
      const line = this.items[this.head];
      const size = lineBytes(line);
      if (out.length > 0 && bytes + size > maxBytes) break;
      out.push(line);
      seqsOut.push(this.seqs[this.head]);
      bytes += size;
      this.items[this.head++] = '';
    }
    this.byteCount -= bytes;
    this.compact();
    return out;
  }

  private enforce(): void {
    const dropped: number[] = [];
    while (this.head < this.items.length && (this.lines > this.maxLines || this.byteCount > this.maxBytes)) {
      this.byteCount -= lineBytes(this.items[this.head]);
      dropped.push(this.seqs[this.head]);
      this.items[this.head++] = '';
    }
    this.compact();
    if (dropped.length > 0) this.onDrop(dropped.length, dropped);
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.seqs.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.seqs = this.seqs.slice(this.head);
      this.head = 0;
    }
  }
}

/** UTF-8 size of a line plus its newline. */
export function lineBytes(line: string): number {
  return Buffer.byteLength(line) + 1;
}
