import { LogBucketSketch } from '../../../../src/primitives/reservoir/sketch/LogBucketSketch';
import { BucketStore } from '../../../../src/primitives/reservoir/sketch/BucketStore';
import { seededRandom } from '../../../util';

function buckets(store: BucketStore): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  store.forEach((i, c) => out.push([i, c]));
  return out;
}

describe('BucketStore', () => {
  it('grows downwards and upwards keeping counts', () => {
    const s = new BucketStore(4096);
    s.add(0, 1);
    s.add(-500, 2); // below: grow down
    s.add(900, 3); // above: grow up
    s.add(0, 1);
    expect(buckets(s)).toEqual([
      [-500, 2],
      [0, 2],
      [900, 3],
    ]);
    expect(s.capacity).toBeLessThanOrEqual(4096);
  });

  it('collapses the lowest indices into the lowest kept bucket at maxBuckets', () => {
    const s = new BucketStore(128);
    s.add(1000, 1);
    s.add(0, 5); // span 1001 > 128: keep [873, 1000]
    s.add(-5, 1); // below the kept range: lowest bucket
    expect(s.capacity).toBe(128);
    expect(buckets(s)).toEqual([
      [873, 6],
      [1000, 1],
    ]);
  });

  it('clear keeps the allocation', () => {
    const s = new BucketStore(2048);
    s.add(10, 1);
    const cap = s.capacity;
    s.clear();
    expect(buckets(s)).toEqual([]);
    expect(s.capacity).toBe(cap);
  });
});

describe('LogBucketSketch', () => {
  it('merging two sketches (with negatives and zeros) equals the sketch of all values', () => {
    const rnd = seededRandom(3);
    const a = new LogBucketSketch(0.01, 2048);
    const b = new LogBucketSketch(0.01, 2048);
    const all = new LogBucketSketch(0.01, 2048);
    for (let i = 0; i < 10_000; i++) {
      const x = (rnd() - 0.4) * 1000 * (i % 17 === 0 ? 0 : 1);
      (i % 3 === 0 ? a : b).add(x);
      all.add(x);
    }
    const merged = new LogBucketSketch(0.01, 2048);
    merged.merge(a);
    merged.merge(b);
    expect(buckets(merged.negative)).toEqual(buckets(all.negative));
    expect(buckets(merged.positive)).toEqual(buckets(all.positive));
    expect(merged.zeroCount).toBe(all.zeroCount);
    expect(merged.count).toBe(all.count);
    expect(merged.mean).toBeCloseTo(all.mean, 9);
    expect(merged.m2 / all.m2).toBeCloseTo(1, 9);
    for (const q of [0.01, 0.3, 0.5, 0.9, 0.99]) expect(merged.quantile(q)).toBe(all.quantile(q));
  });

  it('puts values on both sides of a bucket bound within relativeError of the representative', () => {
    const s = new LogBucketSketch(0.02, 2048);
    const gamma = 1.02 / 0.98;
    for (const i of [-3, 0, 5, 40]) {
      for (const x of [Math.pow(gamma, i - 1) * 1.0000001, Math.pow(gamma, i) * 0.9999999]) {
        s.clear();
        s.add(x);
        s.add(x); // two values: rank 0 = min, so read the bucket through the representative
        const rep = s.representative(Math.ceil(Math.log(x) / Math.log(gamma)));
        expect(Math.abs(rep - x) / x).toBeLessThanOrEqual(0.02 + 1e-9);
      }
    }
  });
});
