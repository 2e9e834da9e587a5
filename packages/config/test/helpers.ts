import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const dir = mkdtempSync(join(tmpdir(), 'meterwork-config-test-'));
let n = 0;

/** Writes `yaml` to a new file and returns its path. */
export function writeConfig(yaml: string, name = `config-${++n}.yaml`): string {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

/** The directory of the shipped fixture files. */
export const FIXTURES = join(__dirname, 'fixtures');

/** Runs `fn` with `vars` set in process.env (the official parser substitutes from it), restoring them after. */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T | Promise<T>): Promise<T> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(vars)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** The block header every test file starts with. */
export const HEADER = 'file_format: "1.0"\n';
