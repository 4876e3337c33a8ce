/**
 * The project as Python would see it: source roots, each file's own module name (from its deepest
 * root), and a search path per root for resolving its files' imports. Built from the scan and the
 * per-file facts; knows nothing of findings.
 */
import type { ModuleFacts } from '@preflight/core';
import { DirectoryIndex, parentDir } from './directory-index.js';
import { isIdentifier, moduleNameOfPath, parentName } from './module-name.js';
import { SearchPath, type FoundModule } from './search-path.js';
import { appliesTo, inferSourceRoots, owningRoot, type SourceRoot } from './source-roots.js';

export interface ProjectModule {
  /** The file, relative to the analysed root. */
  file: string;
  /** The dotted name this file is imported as, from its own root. */
  name: string;
  /** `__package__`: the package relative imports start from ('' for a top-level module). */
  package: string;
  isInit: boolean;
  isStub: boolean;
  facts: ModuleFacts;
  root: SourceRoot;
  /**
   * A file outside any regular package whose relative imports go above every root, in an analysed folder
   * that is itself a package: where it belongs cannot be inferred, so its relative imports are not
   * reported (a notice says so once).
   */
  unplaced?: boolean;
}

export interface ProjectInput {
  files: readonly { path: string; facts: ModuleFacts }[];
  extensionModules: readonly string[];
  /** Python files and folders (ending in `/`) that exist but were not analysed. */
  unanalysed?: readonly string[];
  directories: readonly string[];
  projectMarkers: readonly string[];
  /** Configured source roots; when given, nothing is inferred. */
  configuredRoots?: readonly string[];
  isStdlib: (topLevelName: string) => boolean;
}

export class Project {
  readonly index: DirectoryIndex;
  readonly roots: SourceRoot[];
  readonly modules: ProjectModule[];
  /** What the user should know about how files were placed. */
  readonly notices: string[] = [];
  private readonly byFile = new Map<string, ProjectModule>();
  private readonly byName = new Map<string, ProjectModule[]>();
  private readonly searchPaths = new Map<string, SearchPath>();
  private readonly analysedRootIsPackage: boolean;
  private readonly packageFinder: SearchPath;

  constructor(input: ProjectInput) {
    this.analysedRootIsPackage = input.files.some((f) => f.path === '__init__.py');
    this.index = new DirectoryIndex(input.files.map((f) => f.path), input.extensionModules, input.directories, input.unanalysed);
    this.roots = input.configuredRoots?.length
      ? input.configuredRoots.map((dir) => ({ dir, reason: 'configured' as const, scope: '' }))
      : inferSourceRoots({ index: this.index, files: input.files, projectMarkers: input.projectMarkers, isStdlib: input.isStdlib });
    this.packageFinder = new SearchPath(this.index, []);
    this.modules = input.files.map(({ path, facts }) => {
      const { root, unplaced } = this.placeFile(path, facts);
      const { name, isInit } = moduleNameOfPath(root.dir === '' ? path : path.slice(root.dir.length + 1));
      const module: ProjectModule = {
        file: path, name, package: isInit ? name : parentName(name), isInit, isStub: path.endsWith('.pyi'), facts, root,
        ...(unplaced ? { unplaced } : {}),
      };
      this.byFile.set(path, module);
      const same = this.byName.get(name);
      if (same) same.push(module);
      else this.byName.set(name, [module]);
      return module;
    });
  }

  /**
   * The root a file is imported from: the deepest one holding it, except for a file in a folder without
   * `__init__.py` whose relative imports need more package levels than that root gives it (a script folder
   * inferred as a root, whose modules are really imported as a namespace package from higher up).
   */
  private placeFile(file: string, facts: ModuleFacts): { root: SourceRoot; unplaced?: boolean } {
    const deepest = owningRoot(file, this.roots);
    let level = 0;
    for (const site of facts.imports) if (site.level > level) level = site.level;
    const depthUnder = (root: SourceRoot) => (root.dir === '' ? file : file.slice(root.dir.length + 1)).split('/').length - 1;
    if (level === 0) return { root: deepest };
    if (this.index.isPackage(parentDir(file))) {
      // Inside a regular package, going above its top is an error, unless the analysed folder is itself
      // inside a package: then the top lies above what was analysed.
      if (!this.analysedRootIsPackage || depthUnder(deepest) >= level) return { root: deepest };
      this.notices.push(`${file}: its relative imports go above the analysed folder, which is itself a package; they are not checked (analyse the folder above it)`);
      return { root: deepest, unplaced: true };
    }
    const holding = this.roots.filter((r) => r.dir === '' || file.startsWith(`${r.dir}/`)).sort((a, b) => b.dir.length - a.dir.length);
    for (const root of holding) if (depthUnder(root) >= level) return { root };
    // Above every root: an error, unless the analysed folder is itself inside a package (it holds an
    // __init__.py), where the real import root lies above what was analysed.
    if (!this.analysedRootIsPackage) return { root: deepest };
    this.notices.push(`${file}: its relative imports go above the analysed folder, which is itself a package; they are not checked (analyse the folder above it)`);
    return { root: deepest, unplaced: true };
  }

  /** Modules whose own name is `name` (a `.py` and its `.pyi`, or the same name under two roots). */
  modulesByName(name: string): readonly ProjectModule[] {
    return this.byName.get(name) ?? [];
  }

  moduleOfFile(file: string): ProjectModule | undefined {
    return this.byFile.get(file);
  }

  private names: string[] | undefined;
  private segments: Set<string> | undefined;

  /**
   * Every folder and module name anywhere in the project, whatever root it is under: a top-level import
   * of one of these may be the project's own code reached through a sys.path it sets up itself.
   */
  hasNameAnywhere(name: string): boolean {
    this.segments ??= new Set(this.modules.flatMap((m) => m.file.replace(/\.pyi?$/, '').split('/')).filter((p) => p !== '__init__'));
    return this.segments.has(name);
  }

  /** Distinct importable module names (a `.py` and its `.pyi` count once), sorted. */
  moduleNames(): readonly string[] {
    this.names ??= [...this.byName.keys()].filter((n) => n.split('.').every(isIdentifier)).sort();
    return this.names;
  }

  /** The direct submodule `name` of a found package (its `__path__` folders only: no root is involved). */
  submodule(parent: FoundModule, name: string): FoundModule | undefined {
    return this.packageFinder.submodule(parent, name);
  }

  /** The search path of the roots that serve the whole project (the analysed folder, `src/`, configured roots). */
  projectSearchPath(): SearchPath {
    return this.searchPathFor({ root: { dir: '', reason: 'analysed root', scope: '' } });
  }

  /** The search path for a file's imports: its own root first, then the others that apply to it, in root order. */
  searchPathFor(module: Pick<ProjectModule, 'root'>): SearchPath {
    let sp = this.searchPaths.get(module.root.dir);
    if (!sp) {
      const own = module.root.dir;
      const dirs = [own, ...this.roots.filter((r) => r.dir !== own && appliesTo(r, own)).map((r) => r.dir)];
      sp = new SearchPath(this.index, dirs);
      this.searchPaths.set(module.root.dir, sp);
    }
    return sp;
  }
}
