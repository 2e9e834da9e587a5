import { LineBuffer, lineBytes } from '../../src/delivery/LineBuffer';

describe('LineBuffer', () => {
  it('is FIFO and takes batches by lines and bytes', () => {
    const b = new LineBuffer(100, 1e6, () => undefined);
    b.push(['a', 'b', 'c', 'd']);
    expect(b.take(3, 1e6)).toEqual(['a', 'b', 'c']);
    expect(b.take(3, 1e6)).toEqual(['d']);
    b.push(['xx', 'yy', 'zz']);
    expect(b.take(10, 2 * lineBytes('xx'))).toEqual(['xx', 'yy']);
    expect(b.lines).toBe(1);
    expect(b.bytes).toBe(lineBytes('zz'));
  });

  it('always takes at least one line, even a line larger than the byte limit', () => {
    const b = new LineBuffer(100, 1e6, () => undefined);
    b.push(['a-long-line']);
    expect(b.take(10, 1)).toEqual(['a-long-line']);
  });

  it('drops the oldest lines when over the line bound, and counts them', () => {
    let dropped = 0;
    const b = new LineBuffer(3, 1e6, (n) => (dropped += n));
    b.push(['1', '2']);
    b.push(['3', '4', '5']);
    expect(dropped).toBe(2);
    expect(b.take(10, 1e6)).toEqual(['3', '4', '5']);
  });

  it('drops the oldest lines when over the byte bound', () => {
    let dropped = 0;
    const b = new LineBuffer(100, 3 * lineBytes('aaa'), (n) => (dropped += n));
    b.push(['aaa', 'bbb', 'ccc', 'ddd']);
    expect(dropped).toBe(1);
    expect(b.bytes).toBe(3 * lineBytes('aaa'));
    expect(b.take(10, 1e6)).toEqual(['bbb', 'ccc', 'ddd']);
  });

  it('puts a failed batch back at the front; it is then the oldest', () => {
    let dropped = 0;
    const b = new LineBuffer(4, 1e6, (n) => (dropped += n));
    b.push(['1', '2', '3']);
    const seqs: number[] = [];
    const batch = b.take(2, 1e6, seqs);
    b.push(['4', '5']);
    b.unshift(batch, seqs);
    expect(dropped).toBe(1);
    expect(b.take(10, 1e6)).toEqual(['2', '3', '4', '5']);
  });

  it('numbers lines in push order; the numbers travel with take/unshift and are given for dropped lines', () => {
    const dropped: number[] = [];
    const b = new LineBuffer(4, 1e6, (_n, seqs) => dropped.push(...seqs));
    b.push(['a', 'b', 'c']);
    expect(b.nextSeq).toBe(3);
    const seqs: number[] = [];
    const batch = b.take(2, 1e6, seqs);
    expect(seqs).toEqual([0, 1]);
    b.push(['d', 'e', 'f', 'g']);
    expect(dropped).toEqual([2]); // 'c', the oldest buffered
    b.unshift(batch, seqs);
    expect(dropped).toEqual([2, 0, 1]); // the batch put back is the oldest
    const rest: number[] = [];
    expect(b.take(10, 1e6, rest)).toEqual(['d', 'e', 'f', 'g']);
    expect(rest).toEqual([3, 4, 5, 6]);
  });

  it('stays correct across many push/take cycles (compaction)', () => {
    const b = new LineBuffer(1e6, 1e9, () => undefined);
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 50; round++) {
      b.push(Array.from({ length: 500 }, () => String(next++)));
      for (const line of b.take(300, 1e9)) expect(line).toBe(String(expected++));
    }
    expect(b.lines).toBe(next - expected);
  });
});
