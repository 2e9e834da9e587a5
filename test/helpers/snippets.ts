/**
 * README snippets as a user gets them: every fenced ```ts block of every
 * README, type-checked as a project of its own (strict,
 * exactOptionalPropertyTypes) that imports `@meterwork/*` the way an installed
 * package is imported: through node_modules and each package's `exports`/
 * `types` to its built dist/ types. Once as CommonJS, once as ESM.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { makeTempDir } from './process';

export const REPO_ROOT = path.join(__dirname, '..', '..');

/** One fenced block. `line` is the README line of the block's first code line (1-based). */
export interface Snippet {
  readonly readme: string;
  readonly line: number;
  /** Words after ```ts, e.g. `fragment`. */
  readonly tags: readonly string[];
  readonly code: string;
}

/** A README path relative to the repo root: the root one, the packages' and the examples'. */
export function readmePaths(): string[] {
  const out = ['README.md'];
  for (const dir of ['packages', 'examples']) {
    for (const name of fs.readdirSync(path.join(REPO_ROOT, dir)).sort()) {
      const readme = path.join(dir, name, 'README.md');
      if (fs.existsSync(path.join(REPO_ROOT, readme))) out.push(readme);
    }
  }
  return out;
}

/** CommonMark: the same fence character, at least as many, nothing else on the line. */
function isClosingFence(trimmed: string, fence: string): boolean {
  return trimmed.length >= fence.length && /^(`+|~+)$/.test(trimmed) && trimmed[0] === fence[0];
}

/** Fenced blocks whose info string starts with `ts` or `typescript`. */
export function extractSnippets(readme: string): Snippet[] {
  const lines = fs.readFileSync(path.join(REPO_ROOT, readme), 'utf8').split('\n');
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(\S*)\s*(.*)$/.exec(lines[i]!);
    if (open === null) continue;
    const [, indent, fence, lang, rest] = open;
    const end = lines.findIndex((l, j) => j > i && isClosingFence(l.trim(), fence!));
    const close = end === -1 ? lines.length : end;
    if (lang === 'ts' || lang === 'typescript') {
      const body = lines.slice(i + 1, close).map((l) => (l.startsWith(indent!) ? l.slice(indent!.length) : l));
      out.push({ readme, line: i + 2, tags: rest!.split(/\s+/).filter((t) => t !== ''), code: body.join('\n') + '\n' });
    }
    i = close;
  }
  return out;
}

/** A file name that says where the snippet comes from: `packages-core-README.md-42.ts`. */
export function snippetFileName(s: Snippet): string {
  return `${s.readme.replace(/[\\/]/g, '-')}-${s.line}.ts`;
}

export type ModuleKind = 'cjs' | 'esm';

/** What a user's tsconfig looks like in each world, made as strict as we can. */
export function compilerOptionsFor(kind: ModuleKind): Record<string, unknown> {
  const common = {
    target: 'ES2022',
    lib: ['ES2022'],
    types: ['node'],
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    noImplicitOverride: true,
    // Each snippet is a module of its own even without import/export.
    moduleDetection: 'force',
    esModuleInterop: true,
    noEmit: true,
  };
  // Our published .d.ts files are checked once (ESM), against the same strict
  // settings; checking every library's types twice would only double the time.
  return kind === 'esm'
    ? { ...common, module: 'nodenext', moduleResolution: 'nodenext', skipLibCheck: false }
    : { ...common, module: 'commonjs', moduleResolution: 'node10', skipLibCheck: true };
}

/** True when `await` (or `for await`) appears outside any function: CommonJS cannot have that. */
export function hasTopLevelAwait(code: string): boolean {
  const sf = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier !== undefined)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/**
 * The snippet as a CommonJS user runs it: top-level `await` only exists in
 * ES modules, so the statements after the imports go into an async function
 * (kept on the same lines, so diagnostics point at the README line).
 */
export function wrapForCommonJs(code: string): string {
  if (!hasTopLevelAwait(code)) return code;
  const sf = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const first = sf.statements.find((s) => !ts.isImportDeclaration(s) && !ts.isImportEqualsDeclaration(s));
  if (first === undefined) return code;
  const lineStart = sf.getLineStarts()[sf.getLineAndCharacterOfPosition(first.getStart(sf)).line]!;
  return code.slice(0, lineStart) + 'void (async () => { ' + code.slice(lineStart) + '})();\n';
}

export interface SnippetProgram {
  readonly dir: string;
  readonly program: ts.Program;
  /** The snippet each file of `dir` was written from, by real path. */
  readonly files: ReadonlyMap<string, Snippet>;
}

/**
 * A fresh temp dir shaped like a user's project (`package.json` with the
 * module type, `tsconfig.json`, `node_modules` = the workspace's, where
 * `@meterwork/*` link to the packages), one file per snippet, and its program.
 */
export function createSnippetProgram(snippets: readonly Snippet[], kind: ModuleKind): SnippetProgram {
  const dir = makeTempDir(`readme-${kind}`);
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: `readme-snippets-${kind}`, private: true, type: kind === 'esm' ? 'module' : 'commonjs' }, null, 2),
  );
  const files = new Map<string, Snippet>();
  for (const s of snippets) {
    const file = path.join(dir, snippetFileName(s));
    fs.writeFileSync(file, kind === 'cjs' ? wrapForCommonJs(s.code) : s.code);
    files.set(fs.realpathSync(file), s);
  }
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: compilerOptionsFor(kind), include: ['*.ts'] }, null, 2));
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(dir, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (parsed === undefined) throw new Error(`cannot read ${dir}/tsconfig.json`);
  return { dir, program: ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options }), files };
}

export interface CheckResult {
  readonly dir: string;
  /** `README.md:12:5 TS2322 message`, one per diagnostic. */
  readonly errors: string[];
}

/** Type-checks `snippets` as one user project (see {@link createSnippetProgram}). */
export function typeCheckSnippets(snippets: readonly Snippet[], kind: ModuleKind): CheckResult {
  const { dir, program, files } = createSnippetProgram(snippets, kind);
  const errors = ts.getPreEmitDiagnostics(program).map((d) => {
    const message = `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n  ')}`;
    if (d.file === undefined || d.start === undefined) return message;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    const s = files.get(fs.realpathSync(d.file.fileName));
    if (s === undefined) return `${d.file.fileName}:${line + 1}:${character + 1} ${message}`;
    return `${s.readme}:${s.line + line}:${character + 1} ${message}`;
  });
  return { dir, errors };
}

/** The snippet transpiled to JavaScript for `kind` (no type check: `typeCheckSnippets` does that). */
export function transpileSnippet(s: Snippet, kind: ModuleKind): string {
  const code = kind === 'cjs' ? wrapForCommonJs(s.code) : s.code;
  return ts.transpileModule(code, {
    fileName: snippetFileName(s),
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: kind === 'esm' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      esModuleInterop: true,
      moduleDetection: ts.ModuleDetectionKind.Force,
    },
  }).outputText;
}
