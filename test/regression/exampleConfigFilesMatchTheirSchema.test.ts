/**
 * The example files name a schema for editors (`# yaml-language-server:
 * $schema=...`). The package's meterwork.schema.json describes the
 * `distribution.meterwork` block only, so naming it for a whole file made
 * editors flag `file_format`, `resource` and `meter_provider` as unknown
 * keys. The files name config-file.schema.json, which holds the whole file
 * and checks the block with the package's schema: validated here as an
 * editor would (the path resolved from the file, $ref from the schema's folder),
 * after substituting the variables' defaults as the loader does.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parse } from 'yaml';

const CONFIG_DIR = path.join(__dirname, '../../examples/environments/config');
const FILES = fs.readdirSync(CONFIG_DIR).filter((f) => f.endsWith('.yaml'));

function schemaOf(file: string): string {
  const first = fs.readFileSync(file, 'utf8').split('\n')[0]!;
  const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
  if (m === null) throw new Error(`${file} does not start with a yaml-language-server schema line`);
  return path.resolve(path.dirname(file), m[1]!);
}

function validator(schemaFile: string) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const dir = path.dirname(schemaFile);
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json') && path.join(dir, x) !== schemaFile)) {
    const { $id: _id, ...schema } = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>;
    ajv.addSchema(schema, f);
  }
  return ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as object);
}

describe('examples/environments config files', () => {
  it('are the three environments', () => {
    expect(FILES.sort()).toEqual(['development.yaml', 'production.yaml', 'staging.yaml']);
  });

  it.each(FILES)('%s validates against the schema it names, and that schema checks the meterwork block', (name) => {
    const file = path.join(CONFIG_DIR, name);
    const schemaFile = schemaOf(file);
    expect(fs.existsSync(schemaFile)).toBe(true);
    const validate = validator(schemaFile);
    // As loaded with no variable set: each `${VAR:-default}` is its default, re-typed by YAML.
    // Comment lines are left out: a commented-out block (production's tor) may show a variable without a default.
    const text = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !/^\s*#/.test(line))
      .join('\n')
      .replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
    expect(text).not.toContain('${');
    const doc = parse(text) as Record<string, unknown>;
    expect({ valid: validate(doc), errors: validate.errors ?? [] }).toEqual({ valid: true, errors: [] });
    // A mistake inside the block is caught (the block is not just accepted as any object).
    const broken = structuredClone(doc) as { distribution: { meterwork: Record<string, unknown> } };
    broken.distribution.meterwork['polices'] = [];
    expect(validate(broken)).toBe(false);
  });
});
