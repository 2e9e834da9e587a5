/**
 * What npm ships of @meterwork/config: the built dist/, the sources, the JSON
 * Schema (schema/meterwork.schema.json, also `@meterwork/config/schema.json`
 * in the exports map, which editors are pointed at), README and LICENSE; no
 * tests, fixtures or build info. Run after `npx tsc -b` (packs without scripts).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const PKG = path.join(__dirname, '../../packages/config');

describe('@meterwork/config package contents', () => {
  it('packs dist, src, the schema, README and LICENSE, and nothing of the tests', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PKG, encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(0);
    const [{ files }] = JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>;
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'src/index.ts', 'schema/meterwork.schema.json']),
    );
    expect(paths.filter((p) => p.includes('tsbuildinfo') || p.startsWith('test/') || p.startsWith('benchmarks/'))).toEqual([]);
  }, 120_000);

  it('the exports map serves the schema, and the loader reads the same file', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    expect(pkg.exports['./schema.json']).toBe('./schema/meterwork.schema.json');
    const resolved = require.resolve('@meterwork/config/schema.json', { paths: [path.join(__dirname, '../..')] });
    expect(fs.realpathSync(resolved)).toBe(fs.realpathSync(path.join(PKG, 'schema', 'meterwork.schema.json')));
    // The built loader reads the schema relative to dist/ (SCHEMA_PATH): the same file.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built entry point, as applications load it
    const { SCHEMA_PATH } = require(path.join(PKG, 'dist', 'index.js')) as { SCHEMA_PATH: string };
    expect(fs.realpathSync(SCHEMA_PATH)).toBe(fs.realpathSync(resolved));
  });
});
