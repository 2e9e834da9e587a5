import * as path from 'path';
import * as ts from 'typescript';

// A TypeScript program per case: ~20 s each on the loaded 2-core machine.
jest.setTimeout(180_000);

const ROOT = path.join(__dirname, '../../..');

/** Type-checks user files importing @meterwork/tasks (one program), with the given decorator mode; diagnostics by file. */
function typeCheck(sources: Record<string, string>, experimentalDecorators: boolean): Record<string, string[]> {
  const files = new Map(Object.entries(sources).map(([name, text]) => [path.join(ROOT, 'packages/tasks/test', `__${name}__.ts`), text]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    experimentalDecorators,
    baseUrl: ROOT,
    paths: {
      '@meterwork/tasks': ['packages/tasks/src/index.ts'],
      '@meterwork/core': ['packages/core/src/index.ts'],
      '@meterwork/core/internal': ['packages/core/src/internal.ts'],
    },
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (name) => files.get(path.resolve(name)) ?? read(name);
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(path.resolve(name)) || exists(name);
  const program = ts.createProgram([...files.keys()], options, host);
  const out: Record<string, string[]> = {};
  for (const name of Object.keys(sources)) out[name] = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const name = d.file === undefined ? 'global' : path.basename(d.file.fileName).replace(/^__|__\.ts$/g, '');
    if (d.file !== undefined && !files.has(path.resolve(d.file.fileName))) continue;
    (out[name] ??= []).push(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }
  return out;
}

const SOURCE = `
import { Registry } from '@meterwork/tasks';
const mon = new Registry().scope('app');
export class Service {
  @mon.task()
  add(x: number): number { return x + 1; }
  @mon.task('named')
  async later(x: string): Promise<string> { return x; }
  @mon.task({ recordArgs: true })
  static make(): Service { return new Service(); }
}
const n: number = new Service().add(1);
const p: Promise<string> = new Service().later('a');
export { n, p };
`;

const FIELD = `
import { Registry } from '@meterwork/tasks';
const mon = new Registry().scope('app');
export class Fields {
  @mon.task()
  x = 1;
}
`;

describe('the method decorator type-checks for users', () => {
  it.each([
    ['TypeScript 5 standard decorators', false],
    ['experimentalDecorators', true],
  ])('with %s (and refuses a field)', (_name, experimental) => {
    const result = typeCheck({ valid: SOURCE, field: FIELD }, experimental);
    expect(result.valid).toEqual([]);
    expect(result.global ?? []).toEqual([]);
    expect(result.field!.length).toBeGreaterThan(0);
  });
});
