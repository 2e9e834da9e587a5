import { VALUE_MASK, VALUES, type BenchCase } from '../harness';

/** A typed-array sink: `let sink += x` would box a heap number per op. */
const sink = new Float64Array(1);

/** Harness overhead: subtract mentally from the other rows. */
export const cases: BenchCase[] = [{ name: 'baseline (read one input value)', group: 'baseline', fn: (i) => (sink[0] += VALUES[i & VALUE_MASK]) }];
