/**
 * Record-path benchmarks: `npm run bench -w @meterwork/core`
 * (optionally a filter: `npm run bench -w @meterwork/core -- Bounded`).
 *
 * Every file in `cases/` that exports `cases: BenchCase[]` is run, in file
 * name order; add a case by adding a file there.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatTable, runCases, type BenchCase } from './harness';

async function main(): Promise<void> {
  const filter = process.argv[2];
  const dir = join(__dirname, 'cases');
  const cases: BenchCase[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- benchmark cases are discovered at run time, by file name
    const mod = require(join(dir, file)) as { cases?: BenchCase[] };
    for (const c of mod.cases ?? []) if (filter === undefined || c.name.includes(filter)) cases.push(c);
  }
  const groupOrder = [...new Set(cases.map((c) => c.group))];
  cases.sort((a, b) => groupOrder.indexOf(a.group) - groupOrder.indexOf(b.group));
  console.log(`Node ${process.version}, ${cases.length} cases (median of 5 rounds of ~300 ms)\n`);
  const results = await runCases(cases);
  console.log('\n' + formatTable(results));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
