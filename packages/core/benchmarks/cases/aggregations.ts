import { coarseClock, GoNoGo, Meter, monotonicClock, TaggedHistogram, Timer } from '../../src/index'; // the sources, not a possibly stale dist/
import { VALUE_MASK, VALUES, type BenchCase } from '../harness';

const meter = new Meter();
const timer = new Timer();
const goNoGo = new GoNoGo();
const tagged = new TaggedHistogram();
const TAG_SETS = [
  { tls: 'expired', hostname: 'warmcat.com', peer: '46.105.127.147' },
  { tls: 'invalidca', hostname: 'invalidca.badcert.warmcat.com', peer: '46.105.127.147' },
  { tls: 'selfsigned', hostname: 'example.org', peer: '93.184.216.34' },
  { tls: 'expired', hostname: 'example.org', peer: '93.184.216.34' },
];
/** A typed-array sink: `let sink += x` would box a heap number per op. */
const sink = new Float64Array(1);

export const cases: BenchCase[] = [
  { name: 'performance.now() (monotonicClock)', group: 'clock read', fn: () => (sink[0] += monotonicClock()) },
  { name: 'coarseClock()', group: 'clock read', fn: () => (sink[0] += coarseClock()) },
  { name: 'Meter.mark', group: 'aggregations', fn: () => meter.mark() },
  { name: 'Timer.update (decaying reservoir)', group: 'aggregations', fn: (i) => timer.update(VALUES[i & VALUE_MASK]) },
  { name: 'GoNoGo.go', group: 'aggregations', fn: (i) => goNoGo.go(VALUES[i & VALUE_MASK]) },
  {
    name: 'TaggedHistogram.increment (3 tags, same objects)',
    group: 'aggregations',
    fn: (i) => tagged.increment(TAG_SETS[i & 3]),
  },
  {
    name: 'TaggedHistogram.increment (3 tags, new literal)',
    group: 'aggregations',
    fn: (i) => tagged.increment({ tls: 'expired', hostname: i & 1 ? 'a' : 'b', peer: 'p' }),
  },
];
