/**
 * Modules installed in the environment, found the way the path finder finds them, lazily: a folder is
 * listed the first time a name is looked up in it, a module is parsed only when a name is imported from
 * it. Stub packages (`X-stubs`) and `.pyi` files do not make a module importable at run time, so they are
 * not looked at.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ModuleFacts } from '@preflight/core';
import { decodeSource } from '@preflight/core';
import { extractModuleFacts } from '../extract/module-facts.js';
import type { PythonEnvironment } from './python-environment.js';

export interface InstalledModule {
  name: string;
  kind: 'package' | 'module' | 'namespace' | 'extension';
  /** The `.py` or `__init__.py` that runs (absolute). */
  file?: string;
  /** Package folders (`__path__`). */
  dirs: string[];
}

export type InstalledLookup =
  | { status: 'found'; module: InstalledModule }
  | { status: 'not-installed' }
  /** The top-level package is installed; `missing` is the first dotted prefix it lacks. */
  | { status: 'missing'; missing: string; parent: InstalledModule }
  | { status: 'unknown'; reason: string };

const EXTENSION = /^([^.]+)\..*(?:\.so|\.pyd)$/;

export class InstalledModules {
  private readonly listings = new Map<string, Map<string, { py?: boolean; dir?: boolean; init?: boolean; extension?: boolean }>>();
  private readonly lookups = new Map<string, InstalledLookup>();
  private readonly parsed = new Map<string, ModuleFacts | undefined>();

  private readonly searchDirs: readonly string[];

  /** `dirs`: where to look (default: the environment's site folders; the stdlib folder for the standard library). */
  constructor(
    readonly environment: PythonEnvironment,
    dirs?: readonly string[],
  ) {
    this.searchDirs = dirs ?? environment.searchDirs;
  }

  find(dotted: string): InstalledLookup {
    let result = this.lookups.get(dotted);
    if (result) return result;
    const dot = dotted.lastIndexOf('.');
    if (dot === -1) {
      const editable = this.searchDirs === this.environment.searchDirs ? this.environment.editableModules.get(dotted) : undefined;
      const module = editable ? this.fromPath(dotted, editable) : this.findIn(this.searchDirs, dotted, dotted);
      result = module ? { status: 'found', module } : { status: 'not-installed' };
    } else {
      const parent = this.find(dotted.slice(0, dot));
      if (parent.status !== 'found') result = parent;
      else if (parent.module.dirs.length === 0 || this.isDynamic(parent.module)) {
        // A plain module or a package that rewires imports (six.moves, sys.modules, __path__ tricks).
        result = { status: 'unknown', reason: `\`${parent.module.name}\` may provide \`${dotted}\` dynamically` };
      } else {
        const module = this.findIn(parent.module.dirs, dotted.slice(dot + 1), dotted);
        result = module ? { status: 'found', module } : { status: 'missing', missing: dotted, parent: parent.module };
      }
    }
    this.lookups.set(dotted, result);
    return result;
  }

  /** The facts of an installed module's source, parsed once (undefined for compiled or unreadable ones). */
  facts(module: InstalledModule): ModuleFacts | undefined {
    if (!module.file || module.kind === 'extension') return undefined;
    if (!this.parsed.has(module.file)) {
      let facts: ModuleFacts | undefined;
      try {
        const decoded = decodeSource(fs.readFileSync(module.file));
        facts = decoded.ok ? extractModuleFacts(decoded.text) : undefined;
      } catch {
        facts = undefined;
      }
      this.parsed.set(module.file, facts);
    }
    return this.parsed.get(module.file);
  }

  private isDynamic(module: InstalledModule): boolean {
    const facts = this.facts(module);
    return facts === undefined ? module.kind !== 'namespace' : facts.dynamicNamespace || facts.extendsPath === true || facts.hasModuleGetattr;
  }

  private fromPath(name: string, target: string): InstalledModule | undefined {
    if (fs.existsSync(path.join(target, '__init__.py'))) return { name, kind: 'package', file: path.join(target, '__init__.py'), dirs: [target] };
    if (target.endsWith('.py') && fs.existsSync(target)) return { name, kind: 'module', file: target, dirs: [] };
    return fs.existsSync(target) ? { name, kind: 'namespace', dirs: [target] } : undefined;
  }

  private findIn(dirs: readonly string[], part: string, fullName: string): InstalledModule | undefined {
    const portions: string[] = [];
    for (const dir of dirs) {
      const e = this.listing(dir).get(part);
      if (!e) continue;
      const folder = path.join(dir, part);
      if (e.dir && e.init) return { name: fullName, kind: 'package', file: path.join(folder, '__init__.py'), dirs: [folder] };
      if (e.extension) return { name: fullName, kind: 'extension', dirs: [] };
      if (e.py) return { name: fullName, kind: 'module', file: `${folder}.py`, dirs: [] };
      if (e.dir) portions.push(folder);
    }
    return portions.length > 0 ? { name: fullName, kind: 'namespace', dirs: portions } : undefined;
  }

  private listing(dir: string): Map<string, { py?: boolean; dir?: boolean; init?: boolean; extension?: boolean }> {
    let listing = this.listings.get(dir);
    if (listing) return listing;
    listing = new Map();
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      // An unreadable folder lists nothing.
    }
    const entry = (name: string) => {
      let e = listing!.get(name);
      if (!e) listing!.set(name, (e = {}));
      return e;
    };
    for (const d of entries) {
      const isDir = d.isDirectory() || (d.isSymbolicLink() && safeIsDir(path.join(dir, d.name)));
      if (isDir) {
        const e = entry(d.name);
        e.dir = true;
        e.init = fs.existsSync(path.join(dir, d.name, '__init__.py'));
      } else if (d.name.endsWith('.py')) entry(d.name.slice(0, -3)).py = true;
      else {
        const ext = EXTENSION.exec(d.name);
        if (ext) entry(ext[1]!).extension = true;
      }
    }
    this.listings.set(dir, listing);
    return listing;
  }
}

function safeIsDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
