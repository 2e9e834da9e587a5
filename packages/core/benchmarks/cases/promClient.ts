import { Summary } from 'prom-client';
import { VALUE_MASK, VALUES, type BenchCase } from '../harness';

const LABELS = [
  { method: 'GET', route: '/api/users', status: '200' },
  { method: 'POST', route: '/api/users', status: '201' },
  { method: 'GET', route: '/api/items', status: '200' },
  { method: 'GET', route: '/api/items', status: '404' },
];

// Windowed as users configure it for "last 10 minutes": maxAgeSeconds 600, ageBuckets 5.
const labelled = new Summary({
  name: 'bench_labelled_seconds',
  help: 'bench',
  labelNames: ['method', 'route', 'status'],
  maxAgeSeconds: 600,
  ageBuckets: 5,
  registers: [],
});
const unlabelled = new Summary({ name: 'bench_seconds', help: 'bench', maxAgeSeconds: 600, ageBuckets: 5, registers: [] });

export const cases: BenchCase[] = [
  {
    name: 'prom-client Summary.observe (windowed, 3 labels)',
    group: 'windowed quantiles',
    fn: (i) => labelled.observe(LABELS[i & 3], VALUES[i & VALUE_MASK]),
  },
  {
    name: 'prom-client Summary.observe (windowed, no labels)',
    group: 'windowed quantiles',
    fn: (i) => unlabelled.observe(VALUES[i & VALUE_MASK]),
  },
];
