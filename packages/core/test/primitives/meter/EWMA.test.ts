import { EWMA } from '@meterwork/core';

describe('EWMA', () => {
  it('has alpha = 1 - exp(-5/60/N)', () => {
    expect(new EWMA(1).alpha).toBeCloseTo(0.0799556, 7);
    expect(new EWMA(5).alpha).toBeCloseTo(0.0165285, 7);
    expect(new EWMA(15).alpha).toBeCloseTo(0.0055402, 7);
  });

  it('first tick sets the instant rate, then decays by (1 - alpha) per empty tick', () => {
    const e = new EWMA(1);
    e.update(3);
    e.tick();
    expect(e.rate).toBeCloseTo(0.6, 12); // 3 events / 5 s
    for (let i = 0; i < 12; i++) e.tick();
    // 0.6 * (1 - alpha)^12 = 0.6 * exp(-1) = 0.22072766 (Dropwizard EWMATest: 0.22072766)
    expect(e.rate).toBeCloseTo(0.22072766, 8);
  });

  it('moves towards the new instant rate by alpha', () => {
    const e = new EWMA(5);
    e.update(10);
    e.tick(); // 2/s
    e.update(20);
    e.tick(); // instant 4/s: 2 + 0.0165285 * (4 - 2) = 2.033057
    expect(e.rate).toBeCloseTo(2 + (1 - Math.exp(-1 / 60)) * 2, 12);
  });

  it('tickMany(n) equals n ticks', () => {
    const a = new EWMA(15);
    const b = new EWMA(15);
    a.update(7);
    b.update(7);
    a.tickMany(100);
    for (let i = 0; i < 100; i++) b.tick();
    expect(a.rate).toBeCloseTo(b.rate, 12);
  });
});
