import { UniformReservoir } from '@meterwork/core';
import { sequenceRandom } from '../../util';

describe('UniformReservoir', () => {
  it('keeps the first `size` values, then replaces slot floor(random * count) when < size', () => {
    // 4th value: c = 4, r = floor(0.5 * 4) = 2 -> replaces 3; 5th: r = floor(0.9 * 5) = 4 >= 3 -> ignored
    const r = new UniformReservoir({ size: 3, random: sequenceRandom(0.5, 0.9) });
    for (const v of [1, 2, 3, 4, 5]) r.update(v);
    expect(r.snapshot().values()).toEqual([1, 2, 4]);
    expect(r.count).toBe(5);
  });

  it('is a uniform sample: every position equally likely', () => {
    const size = 100;
    const n = 10_000;
    const hits = new Array<number>(10).fill(0);
    for (let run = 0; run < 200; run++) {
      const r = new UniformReservoir({ size });
      for (let i = 0; i < n; i++) r.update(i);
      for (const v of r.snapshot().values()) hits[Math.floor(v / (n / 10))]++;
    }
    // 20,000 samples in 10 deciles: 2,000 each expected; sd ~ 42
    for (const h of hits) expect(Math.abs(h - 2000)).toBeLessThan(250);
  });

  it('reset forgets values', () => {
    const r = new UniformReservoir({ size: 4 });
    r.update(1);
    r.reset();
    expect(r.snapshot().size).toBe(0);
    expect(r.count).toBe(0);
  });
});
