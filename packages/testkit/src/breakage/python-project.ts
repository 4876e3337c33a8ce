/**
 * The harness's own view of a Python project: its files, the module each one is under the source roots,
 * and where an import of a first-party module lands (the file, or a namespace folder). Plain path
 * arithmetic over the import system's rules, independent of preflight's resolver.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readPythonText, type ImportStatement, type PythonText } from './python-text.js';

export interface PythonFile {
  /** Path relative to the project root, with `/`. */
  file: string;
  /** The source root it is a module of (as given: '.' or a folder). */
  root: string;
  module: string;
  /** The package relative imports start from (`__package__`). */
  package: string;
  isInit: boolean;
  source: string;
  text: PythonText;
}

const SKIPPED = new Set(['node_modules', '__pycache__', 'site-packages', 'build', 'dist']);

function walk(root: string, dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue;
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) walk(root, rel, out);
    else if (entry.isFile() && entry.name.endsWith('.py')) out.push(rel);
  }
}

export class PythonProject {
  readonly files = new Map<string, PythonFile>();
  private readonly byModule = new Map<string, PythonFile>();

  /** `roots`: the sys.path entries of the project, relative to `root` ('.' for the root itself). */
  constructor(readonly root: string, readonly roots: readonly string[]) {
    const all: string[] = [];
    walk(root, '', all);
    const prefixes = roots.map((r) => ({ root: r, prefix: r === '.' || r === '' ? '' : `${r.replace(/\/$/, '')}/` })).sort((a, b) => b.prefix.length - a.prefix.length);
    for (const file of all) {
      const { root: sourceRoot, prefix } = prefixes.find((p) => file.startsWith(p.prefix)) ?? {};
      if (prefix === undefined || sourceRoot === undefined) continue;
      const parts = file.slice(prefix.length).replace(/\.py$/, '').split('/');
      if (!parts.every((p) => /^[A-Za-z_]\w*$/.test(p))) continue;
      const isInit = parts[parts.length - 1] === '__init__';
      if (isInit) parts.pop();
      if (parts.length === 0) continue;
      const module = parts.join('.');
      const source = fs.readFileSync(path.join(root, file), 'utf8');
      const entry: PythonFile = {
        file, root: sourceRoot, module, package: isInit ? module : parts.slice(0, -1).join('.'), isInit, source, text: readPythonText(source),
      };
      this.files.set(file, entry);
      if (!this.byModule.has(module)) this.byModule.set(module, entry);
    }
  }

  module(name: string): PythonFile | undefined {
    return this.byModule.get(name);
  }

  /** A folder of that dotted name under some root (a package or a namespace portion). */
  hasFolder(name: string): boolean {
    return this.roots.some((r) => fs.existsSync(path.join(this.root, r, ...name.split('.'))));
  }

  /** Whether anything (module, package, folder, compiled or stub file) of that name exists under a root. */
  exists(name: string): boolean {
    if (this.byModule.has(name) || this.hasFolder(name)) return true;
    const parts = name.split('.');
    const last = parts.pop()!;
    return this.roots.some((r) => {
      const dir = path.join(this.root, r, ...parts);
      return fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.startsWith(`${last}.`));
    });
  }

  /** Other files of the same stem beside a module (`m.pyi`, `m.cpython-311-x86_64-linux-gnu.so`): Python may find them. */
  companions(file: string): string[] {
    const dir = path.dirname(path.join(this.root, file));
    const base = path.basename(file);
    const stem = base.replace(/\.py$/, '');
    return fs.readdirSync(dir).filter((f) => f !== base && f.startsWith(`${stem}.`) && !f.endsWith('.orig'));
  }

  /** The absolute module a `from` import names, or undefined above the top-level package. */
  absolute(importer: PythonFile, statement: Extract<ImportStatement, { kind: 'from' }>): string | undefined {
    if (statement.level === 0) return statement.module;
    const parts = importer.package ? importer.package.split('.') : [];
    if (statement.level - 1 >= parts.length) return undefined;
    const base = parts.slice(0, parts.length - (statement.level - 1)).join('.');
    return statement.module ? (base ? `${base}.${statement.module}` : statement.module) : base;
  }
}
