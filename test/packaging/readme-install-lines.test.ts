/**
 * Every runtime peer dependency of a package is in its README's install line
 * (npm installs peers, but a user copying the line should get what the quick
 * start imports, and see what the package needs). Optional peers are named
 * in the README but not installed by the line.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '../..');

interface Manifest {
  readonly name: string;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** The packages named by `npm install` lines in a README's sh blocks (continuation lines joined). */
function installedByReadme(readme: string): Set<string> {
  const names = new Set<string>();
  const text = readme.replace(/\\\n\s*/g, ' ');
  for (const match of text.matchAll(/^npm (?:install|i) (.+)$/gm)) {
    for (const word of match[1]!.split(/\s+/)) if (/^@?[a-z0-9][\w./-]*$/.test(word) && !word.startsWith('-')) names.add(word.replace(/(.)@.*$/, '$1'));
  }
  return names;
}

describe.each(['core', 'exporter-prometheus', 'exporter-influx'])('README install line of %s', (dir) => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as Manifest;
  const readme = fs.readFileSync(path.join(ROOT, 'packages', dir, 'README.md'), 'utf8');
  const peers = Object.keys(manifest.peerDependencies ?? {});
  const optional = peers.filter((p) => manifest.peerDependenciesMeta?.[p]?.optional === true);

  it('installs the package and every required peer', () => {
    const installed = installedByReadme(readme);
    expect(installed.has(manifest.name)).toBe(true);
    expect(peers.filter((p) => !optional.includes(p) && !installed.has(p))).toEqual([]);
  });

  it('names every optional peer', () => {
    expect(optional.filter((p) => !readme.includes(p))).toEqual([]);
  });
});

describe('root README quick start install line', () => {
  it('installs the three packages and every required peer of each', () => {
    const installed = installedByReadme(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    const missing: string[] = [];
    for (const dir of ['core', 'exporter-prometheus', 'exporter-influx']) {
      const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as Manifest;
      for (const p of [manifest.name, ...Object.keys(manifest.peerDependencies ?? {})]) {
        if (manifest.peerDependenciesMeta?.[p]?.optional !== true && !installed.has(p)) missing.push(p);
      }
    }
    expect(missing).toEqual([]);
  });
});
