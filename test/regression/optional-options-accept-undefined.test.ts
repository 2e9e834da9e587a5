/**
 * Regression: every optional option a user passes accepts `undefined`, so
 * `{ host: process.env.METRICS_HOST }` compiles under exactOptionalPropertyTypes.
 *
 * The public API is read from the built packages' types with the TypeScript
 * checker, as a user's project sees it: the parameters of every exported
 * function, constructor and public method, and every exported `*Options` /
 * `*Aggregation` / `*View` / `*Target` type, followed into nested option
 * objects (`v1`, `outliers`, `retry`, arrays of views). Each optional property
 * declared in our packages must be declared `x?: T | undefined`. New options
 * are covered without touching this test.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { createSnippetProgram } from '../helpers/snippets';

jest.setTimeout(180_000);

const PACKAGES = ['core', 'exporter-prometheus', 'exporter-influx'];
const OPTION_TYPE_NAME = /(Options?|Aggregation|View|Target)$/;
/** core's data model (what producers attach and exporters read) holds values, not options. */
const DATA_MODEL = /[\\/]packages[\\/]core[\\/](dist|src)[\\/](.+[\\/])?data[\\/]types\.(d\.)?ts$/;

function isInternal(decl: ts.Declaration | undefined): boolean {
  return decl !== undefined && ts.getJSDocTags(decl).some((t) => t.tagName.text === 'internal');
}

/** True when the declaration's type annotation is a union naming `undefined` at its top level. */
function declaresUndefined(decl: ts.Declaration): boolean {
  if (!ts.isPropertySignature(decl) && !ts.isPropertyDeclaration(decl)) return true; // methods, mapped types: not options
  let node = decl.type;
  while (node !== undefined && ts.isParenthesizedTypeNode(node)) node = node.type;
  if (node === undefined) return false;
  const members = ts.isUnionTypeNode(node) ? node.types : [node];
  return members.some((m) => m.kind === ts.SyntaxKind.UndefinedKeyword);
}

interface Sweep {
  /** `PrometheusPullReader(options).port`, one per optional option checked. */
  readonly checked: string[];
  /** The same, for options declared `x?: T` without `| undefined`. */
  readonly missing: string[];
}

function sweep(program: ts.Program, entry: ts.SourceFile): Sweep {
  const checker = program.getTypeChecker();
  const ours = (d: ts.Node) => /[\\/]packages[\\/][^\\/]+[\\/](dist|src)[\\/]/.test(fs.realpathSync(d.getSourceFile().fileName));
  const checked: string[] = [];
  const missing: string[] = [];
  const seen = new Set<ts.Type>();

  const visit = (type: ts.Type, where: string): void => {
    if (type.isUnion()) return type.types.forEach((t) => visit(t, where));
    if (seen.has(type) || !(type.flags & ts.TypeFlags.Object)) return;
    seen.add(type);
    const typeDecl = type.symbol?.declarations?.[0];
    if (typeDecl !== undefined && DATA_MODEL.test(fs.realpathSync(typeDecl.getSourceFile().fileName))) return;
    const ref = type as ts.TypeReference;
    const name = ref.target?.symbol?.name ?? type.symbol?.name;
    if ((name === 'Array' || name === 'ReadonlyArray') && ref.target !== undefined) {
      return checker.getTypeArguments(ref).forEach((t) => visit(t, `${where}[]`));
    }
    if (type.getCallSignatures().length > 0) return; // a callback: its parameters are ours to give
    for (const prop of checker.getPropertiesOfType(type)) {
      const decl = prop.declarations?.[0];
      if (decl === undefined || !ours(decl)) continue; // e.g. the SDK's MetricReaderOptions
      const at = `${where}.${prop.name}`;
      if (prop.flags & ts.SymbolFlags.Optional) {
        checked.push(at);
        if (!declaresUndefined(decl)) missing.push(`${at} (${path.basename(decl.getSourceFile().fileName)})`);
      }
      if (prop.flags & ts.SymbolFlags.Property) visit(checker.getTypeOfSymbol(prop), at);
    }
  };
  const visitSignatures = (signatures: readonly ts.Signature[], owner: string): void => {
    for (const sig of signatures) {
      for (const param of sig.getParameters()) visit(checker.getTypeOfSymbol(param), `${owner}(${param.name})`);
    }
  };

  for (const statement of entry.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const module = checker.getSymbolAtLocation(statement.moduleSpecifier);
    if (module === undefined) throw new Error(`cannot resolve ${statement.moduleSpecifier.getText()}`);
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (symbol.flags & ts.SymbolFlags.Class) {
        const decl = symbol.valueDeclaration ?? symbol.declarations![0]!;
        visitSignatures(checker.getTypeOfSymbolAtLocation(symbol, decl).getConstructSignatures(), symbol.name);
        for (const member of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))) {
          const memberDecl = member.declarations?.[0];
          const isPublic = memberDecl !== undefined && !(ts.getCombinedModifierFlags(memberDecl) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected));
          if (member.flags & ts.SymbolFlags.Method && isPublic && !isInternal(memberDecl)) {
            visitSignatures(checker.getTypeOfSymbol(member).getCallSignatures(), `${symbol.name}.${member.name}`);
          }
        }
      } else if (symbol.flags & ts.SymbolFlags.Function) {
        visitSignatures(checker.getTypeOfSymbol(symbol).getCallSignatures(), symbol.name);
      } else if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias) && OPTION_TYPE_NAME.test(symbol.name)) {
        visit(checker.getDeclaredTypeOfSymbol(symbol), symbol.name);
      }
    }
  }
  return { checked, missing };
}

describe('optional options accept undefined (exactOptionalPropertyTypes, environment variables)', () => {
  let result: Sweep;
  let dir: string;
  let diagnostics: string[];

  beforeAll(() => {
    for (const pkg of PACKAGES) {
      const dts = path.join(__dirname, '..', '..', 'packages', pkg, 'dist', 'index.d.ts');
      if (!fs.existsSync(dts)) throw new Error(`${dts} is missing: run \`npx tsc -b\` first`);
    }
    const code = [
      ...PACKAGES.map((pkg, i) => `import * as p${i} from '@meterwork/${pkg}';`),
      // what a user writes: environment variables straight into optional options
      'new p1.PrometheusPullReader({ host: process.env.METRICS_HOST, endpoint: process.env.METRICS_PATH });',
    ].join('\n');
    const project = createSnippetProgram([{ readme: 'public-api', line: 1, tags: [], code }], 'esm');
    dir = project.dir;
    const entry = project.program.getSourceFiles().find((f) => project.files.has(fs.realpathSync(f.fileName)));
    if (entry === undefined) throw new Error('entry file not in the program');
    result = sweep(project.program, entry);
    diagnostics = ts.getPreEmitDiagnostics(project.program, entry).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('walks the public API (constructors, methods, functions, option types, nested options)', () => {
    expect(result.checked.length).toBeGreaterThan(60);
    for (const known of [
      'PrometheusPullReader(options).port',
      'InfluxMetricExporter(options).v1.retentionPolicy',
      'Meterwork(options).views[].name',
      'PrometheusPullReader.collectText(options).accept',
    ]) {
      expect(result.checked).toContain(known);
    }
  });

  it('finds no optional option declared without `| undefined`', () => {
    expect(result.missing).toEqual([]);
  });

  it('environment variables passed to optional options compile', () => {
    expect(diagnostics).toEqual([]);
  });
});
