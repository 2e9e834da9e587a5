/**
 * `npm run docs` (TypeDoc, warnings are errors) failed because the TSDoc of
 * PolicyMetricReader.setPolicy linked `{@link InvalidOptionError}`, a symbol
 * this package neither declares nor exports. In the files that make up the
 * public surface, a link must name a symbol exported from src/index.ts, a
 * member declared in the same file, or be package-qualified (`pkg!Name`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const src = join(__dirname, '..', '..', 'src');
const index = readFileSync(join(src, 'index.ts'), 'utf8');

function publicFiles(): string[] {
  return [...index.matchAll(/from '\.\/([^']+)'/g)].map((m) => join(src, `${m[1]!}.ts`));
}

function exportedNames(): Set<string> {
  const names = new Set<string>();
  for (const m of index.matchAll(/export (?:type )?\{([^}]+)\}/g)) {
    for (const n of m[1]!.split(',')) if (n.trim() !== '') names.add(n.trim());
  }
  return names;
}

it('every {@link} in a public file resolves to an export, a same-file declaration or a qualified name', () => {
  const exported = exportedNames();
  const broken: string[] = [];
  for (const file of new Set(publicFiles())) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\{@link\s+([^}\s|]+)/g)) {
      const target = m[1]!;
      if (target.includes('!') || /^https?:/.test(target)) continue;
      const head = target.split('.')[0]!;
      if (exported.has(head)) continue;
      if (new RegExp(`(?:class|interface|type|function|const)\\s+${head}\\b|\\b${head}\\s*\\(`).test(text)) continue;
      broken.push(`${file.slice(src.length + 1)}: {@link ${target}}`);
    }
  }
  expect(publicFiles().length).toBeGreaterThan(5);
  expect(broken).toEqual([]);
});
