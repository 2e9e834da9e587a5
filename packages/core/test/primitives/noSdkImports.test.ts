import * as fs from 'fs';
import * as path from 'path';

// primitives/ is usable without the OTel SDK: nothing it imports, directly or through the files it
// imports, may load @opentelemetry/sdk-metrics (@opentelemetry/api, e.g. diag, is fine).
const SRC = path.join(__dirname, '../../src');
const PRIMITIVES = path.join(SRC, 'primitives');
const IMPORT = /(?:from|import|require)\s*\(?\s*['"]([^'"]+)['"]/g;

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourcesUnder(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

function resolveRelative(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  const found = [base + '.ts', path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
  if (found === undefined) throw new Error(`${from}: cannot resolve ${spec}`);
  return found;
}

/** Every source file reachable from `roots` through relative imports, with the packages each one imports. */
function reachable(roots: string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const todo = [...roots];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    const packages: string[] = [];
    for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if (spec!.startsWith('.')) todo.push(resolveRelative(file, spec!));
      else packages.push(spec!);
    }
    seen.set(file, packages);
  }
  return seen;
}

describe('primitives/', () => {
  const roots = sourcesUnder(PRIMITIVES);

  it('holds the reservoirs, snapshots, meter, timer, go/no-go and tagged histogram', () => {
    const folders = fs.readdirSync(PRIMITIVES).sort();
    expect(folders).toEqual(['gonogo', 'meter', 'reservoir', 'snapshot', 'tagged', 'timer']);
    expect(roots.length).toBeGreaterThan(15);
  });

  it('never imports @opentelemetry/sdk-metrics, directly or through what it imports', () => {
    const offenders = [...reachable(roots)]
      .filter(([, packages]) => packages.some((p) => p.startsWith('@opentelemetry/') && p !== '@opentelemetry/api'))
      .map(([file]) => path.relative(SRC, file));
    expect(offenders).toEqual([]);
  });

  it('the check sees an SDK import where there is one (sdk/otel/Meterwork.ts)', () => {
    const packages = reachable([path.join(SRC, 'sdk/otel/Meterwork.ts')]).get(path.join(SRC, 'sdk/otel/Meterwork.ts'));
    expect(packages).toContain('@opentelemetry/sdk-metrics');
  });
});
