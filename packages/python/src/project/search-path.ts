/**
 * Finds modules the way Python's path finder does, over the project's source roots (each one a
 * `sys.path` entry). In each folder searched, in order: a regular package (`name/__init__.py`) wins, then
 * an extension module, then a module file (`name.py`, or a stub-only `name.pyi`); a folder without
 * `__init__` is remembered as a namespace portion and the search goes on. When no folder has a regular
 * module, the portions together are a namespace package (PEP 420). Submodules are searched the same way
 * in their package's folders (its `__path__`).
 */
import { DirectoryIndex, childDir } from './directory-index.js';
import { joinName } from './module-name.js';

/** `unanalysed`: it exists (gitignored, excluded, a symlinked folder) but preflight did not read it. */
export type ModuleKind = 'module' | 'package' | 'namespace' | 'stub' | 'extension' | 'unanalysed';

export interface FoundModule {
  name: string;
  kind: ModuleKind;
  /** The file that runs on import (`.py` or `__init__.py`); absent for namespace packages and stub-only modules. */
  file?: string;
  /** The `.pyi` beside it (or alone, for kind `stub`). */
  stubFile?: string;
  /** The package's folders (`__path__`); empty for plain modules. */
  dirs: string[];
}

export type ModuleLookup =
  | { status: 'found'; module: FoundModule }
  /** `missing` is the first dotted prefix that does not exist; `parent` is its parent module when found. */
  | { status: 'missing'; missing: string; parent?: FoundModule; reason: 'not-found' | 'not-a-package' };

export class SearchPath {
  private readonly memo = new Map<string, ModuleLookup>();

  constructor(
    private readonly index: DirectoryIndex,
    readonly roots: readonly string[],
  ) {}

  /** Resolves a full dotted name; every package on the way must exist. */
  resolve(name: string): ModuleLookup {
    let result = this.memo.get(name);
    if (result) return result;
    const dot = name.lastIndexOf('.');
    if (dot === -1) {
      const module = this.findIn(this.roots, name, name);
      result = module ? { status: 'found', module } : { status: 'missing', missing: name, reason: 'not-found' };
    } else {
      const parent = this.resolve(name.slice(0, dot));
      if (parent.status === 'missing') result = parent;
      // Below something not analysed, anything may exist.
      else if (parent.module.kind === 'unanalysed') result = { status: 'found', module: { name, kind: 'unanalysed', dirs: [] } };
      // `import pkg.__init__` loads the package's __init__.py once more, as a module of that name.
      else if (name.endsWith('.__init__') && parent.module.kind === 'package' && parent.module.file)
        result = { status: 'found', module: { name, kind: 'module', file: parent.module.file, dirs: [] } };
      else if (parent.module.dirs.length === 0)
        result = { status: 'missing', missing: name, parent: parent.module, reason: 'not-a-package' };
      else {
        const module = this.findIn(parent.module.dirs, name.slice(dot + 1), name);
        result = module ? { status: 'found', module } : { status: 'missing', missing: name, parent: parent.module, reason: 'not-found' };
      }
    }
    this.memo.set(name, result);
    return result;
  }

  /** The direct submodule `name` of a found package. */
  submodule(parent: FoundModule, name: string): FoundModule | undefined {
    return parent.dirs.length === 0 ? undefined : this.findIn(parent.dirs, name, joinName(parent.name, name));
  }

  private findIn(dirs: readonly string[], part: string, fullName: string): FoundModule | undefined {
    const portions: string[] = [];
    let stubOnly: FoundModule | undefined;
    for (const dir of dirs) {
      const e = this.index.child(dir, part);
      if (!e) continue;
      if (e.unanalysed) return { name: fullName, kind: 'unanalysed', dirs: [] };
      // Stubs (.pyi) do not exist for the interpreter: a folder with only `__init__.pyi` is a namespace
      // portion at run time, and a stub-only module counts only when nothing real is found.
      if (e.folder !== undefined && e.init !== undefined) {
        return { name: fullName, kind: 'package', dirs: [childDir(dir, part)], file: e.init, ...(e.initStub ? { stubFile: e.initStub } : {}) };
      }
      if (e.extension) return { name: fullName, kind: 'extension', file: e.extension, dirs: [] };
      if (e.source) return { name: fullName, kind: 'module', file: e.source, dirs: [], ...(e.stub ? { stubFile: e.stub } : {}) };
      if (e.folder !== undefined) portions.push(childDir(dir, part));
      else if (e.stub && !stubOnly) stubOnly = { name: fullName, kind: 'stub', stubFile: e.stub, dirs: [] };
    }
    if (portions.length > 0) return { name: fullName, kind: 'namespace', dirs: portions };
    return stubOnly;
  }
}
