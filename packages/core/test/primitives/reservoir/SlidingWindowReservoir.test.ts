import { SlidingWindowReservoir } from '@meterwork/core';

describe('SlidingWindowReservoir', () => {
  it('keeps exactly the last `size` values', () => {
    const r = new SlidingWindowReservoir({ size: 3 });
    r.update(1);
    r.update(2);
    expect(r.snapshot().values()).toEqual([1, 2]);
    for (const v of [3, 4, 5]) r.update(v);
    expect(r.snapshot().values()).toEqual([3, 4, 5]);
    expect(r.count).toBe(5);
  });

  it('works with a size that is not a power of two over many wraps', () => {
    const r = new SlidingWindowReservoir({ size: 5 });
    for (let i = 0; i < 1003; i++) r.update(i);
    expect(r.snapshot().values()).toEqual([998, 999, 1000, 1001, 1002]);
  });

  it('reset forgets values', () => {
    const r = new SlidingWindowReservoir({ size: 2 });
    r.update(1);
    r.reset();
    expect(r.snapshot().size).toBe(0);
    r.update(9);
    expect(r.snapshot().values()).toEqual([9]);
  });
});
