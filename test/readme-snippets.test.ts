/**
 * Every TypeScript snippet in every README compiles for a user, and the root
 * quick start runs.
 *
 * - Type check: each fenced ```ts block becomes a file of a fresh project
 *   (strict, exactOptionalPropertyTypes) that imports `@meterwork/*` through
 *   node_modules and the packages' `exports` to their built dist/ types
 *   (`npx tsc -b` first), once as CommonJS and once as ESM (`module:
 *   nodenext`, `"type": "module"`). ```ts fragment blocks are skipped; keep
 *   them few.
 * - Run: the root quick start, transpiled, as a child process against a real
 *   influxd (INFLUX_URL, PORT, METRICS_PORT from the environment, as the
 *   snippet reads them): it serves the app and the metrics endpoint, and on
 *   SIGTERM writes what it measured to InfluxDB and exits by itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, extractSnippets, readmePaths, typeCheckSnippets, type ModuleKind, type Snippet } from './helpers/snippets';

jest.setTimeout(180_000);

const ALL = readmePaths().flatMap(extractSnippets);
const FRAGMENTS = ALL.filter((s) => s.tags.includes('fragment'));
const CHECKED = ALL.filter((s) => !s.tags.includes('fragment'));
/** Fragments are for what cannot stand alone (a line of a config); everything else is complete. */
const MAX_FRAGMENTS = 3;

function quickStart(): Snippet {
  const root = ALL.filter((s) => s.readme === 'README.md');
  expect(root.length).toBeGreaterThanOrEqual(1);
  return root[0]!;
}

beforeAll(() => {
  for (const pkg of ['core', 'exporter-prometheus', 'exporter-influx']) {
    const dts = path.join(REPO_ROOT, 'packages', pkg, 'dist', 'index.d.ts');
    if (!fs.existsSync(dts)) throw new Error(`${dts} is missing: run \`npx tsc -b\` first (snippets import the built packages)`);
  }
});

describe('README snippets', () => {
  it('are found in the root, package and example READMEs, and few are fragments', () => {
    expect(ALL.filter((s) => s.readme === 'README.md').length).toBeGreaterThanOrEqual(1);
    for (const pkg of ['core', 'exporter-prometheus', 'exporter-influx']) {
      expect(CHECKED.filter((s) => s.readme === `packages/${pkg}/README.md`).length).toBeGreaterThanOrEqual(1);
    }
    expect(FRAGMENTS.map((s) => `${s.readme}:${s.line}`).length).toBeLessThanOrEqual(MAX_FRAGMENTS);
    expect(quickStart().tags).not.toContain('fragment');
  });

  it.each<ModuleKind>(['cjs', 'esm'])('type-check as %s with strict and exactOptionalPropertyTypes', (kind) => {
    const { dir, errors } = typeCheckSnippets(CHECKED, kind);
    // On failure the message lists README:line:column diagnostics; the project stays in `dir` for `npx tsc -p`.
    expect({ dir: errors.length === 0 ? '' : dir, errors }).toEqual({ dir: '', errors: [] });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
