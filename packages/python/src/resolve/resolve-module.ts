/**
 * The module part of an import: `import a.b.c` needs `a`, `a.b` and `a.b.c`; `from ..pkg import x`
 * starts from the importer's `__package__`. A top-level name that no source root provides is external
 * (standard library or third party); so is a stdlib name, unless a configured root provides it (a root is
 * a `sys.path` entry, ahead of the stdlib's pure-Python modules).
 */
import type { Project, ProjectModule } from '../project/project.js';
import { joinName } from '../project/module-name.js';
import type { InstalledModules } from '../environment/installed-modules.js';
import type { StandardLibrary } from '../environment/standard-library.js';
import { formatVersion, parseVersion } from '../environment/target.js';
import type { ModuleLookup } from '../project/search-path.js';
import type { ModuleResolution } from './resolution.js';

export class ModuleResolver {
  constructor(
    readonly project: Project,
    private readonly stdlib: StandardLibrary,
    private readonly trustRootsOverStdlib: boolean,
    private readonly installed?: InstalledModules,
    /** The real standard library of the target version, when the environment's interpreter has one. */
    private readonly stdlibModules?: InstalledModules,
  ) {}

  /** A third-party import: looked up in the environment when there is one. */
  private thirdParty(module: string, top: string): ModuleResolution {
    if (!this.installed) return { status: 'external', topLevel: top, stdlib: false };
    const lookup = this.installed.find(module);
    switch (lookup.status) {
      case 'found':
        return { status: 'external', topLevel: top, stdlib: false, installed: lookup.module };
      case 'not-installed':
        return { status: 'external', topLevel: top, stdlib: false, installed: null };
      case 'unknown':
        return { status: 'unknown', reason: lookup.reason };
      case 'missing':
        return { status: 'missing', requested: module, missing: lookup.missing, reason: 'not-found', installedParent: lookup.parent };
    }
  }

  resolve(importer: ProjectModule, module: string, level: number): ModuleResolution {
    if (level > 0) return this.resolveRelative(importer, module, level);
    const top = module.split('.')[0]!;
    // `__main__` is always importable (the running script), though not in sys.stdlib_module_names.
    if (top === '__main__') return { status: 'external', topLevel: top, stdlib: true };
    if (!this.trustRootsOverStdlib && this.stdlib.has(top)) return this.standardLibrary(module, top);
    const searchPath = this.project.searchPathFor(importer);
    const first = searchPath.resolve(top);
    if (first.status === 'missing' || !this.isFirstParty(first.module.kind, first.module.dirs)) {
      // Not the project's: the standard library (reached here when the roots were trusted over it), or another version's?
      if (this.stdlib.has(top)) return this.standardLibrary(module, top);
      if (this.stdlib.versionsWith(top).length > 0) return this.notInThisStdlib(module, top);
      return this.thirdParty(module, top);
    }
    const lookup = searchPath.resolve(module);
    if (lookup.status === 'found') return lookup;
    // A top-level namespace package (a folder without __init__) loses to any installed regular package of
    // the same name (`examples/celery/` vs the celery distribution): what it lacks may come from there.
    // But a missing submodule of one of the project's own regular packages inside it (mitmproxy's
    // `examples/contrib/webscanner_helper/` has an __init__.py) is missing: only an installed regular
    // package `top` could take the namespace's place, and the environment, when there is one, says none is.
    if (first.module.kind === 'namespace') {
      const parentIsRegular = lookup.parent !== undefined && lookup.parent.kind === 'package';
      if (!parentIsRegular || this.installed?.find(top).status === 'found') return this.thirdParty(module, top);
    }
    return this.missingOrUnknown(lookup, module);
  }

  /**
   * A missing submodule of a module that writes `sys.modules` may be registered there at run time; one of
   * a package that extends its `__path__` may live in any folder.
   */
  private missingOrUnknown(lookup: Extract<ModuleLookup, { status: 'missing' }>, requested: string): ModuleResolution {
    const parentFile = lookup.parent?.file;
    const parentFacts = parentFile ? this.project.moduleOfFile(parentFile)?.facts : undefined;
    // Writing names into its namespace (globals()) cannot make a submodule importable; sys.modules can.
    if (parentFacts?.registersModules || parentFacts?.extendsPath) {
      return { status: 'unknown', reason: `\`${lookup.parent!.name}\` registers modules or extends its \`__path__\`` };
    }
    return { ...lookup, requested };
  }

  /** A stdlib import: a submodule the target's version lacks is missing (`asyncio.taskgroups` before 3.11). */
  private standardLibrary(module: string, top: string): ModuleResolution {
    const parts = module.split('.');
    for (let i = 2; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('.');
      if (this.stdlib.hasSubmodule(prefix) === false) {
        return { status: 'missing', requested: module, missing: prefix, reason: 'not-in-stdlib-version', stdlib: { version: formatVersion(this.stdlib.target), removed: false } };
      }
    }
    if (this.stdlibModules) {
      const lookup = this.stdlibModules.find(module);
      // C modules built into the interpreter (sys, posix, _socket, ...) have no file: they exist, contents unknown.
      if (lookup.status === 'found') return { status: 'external', topLevel: top, stdlib: true, installed: lookup.module };
      if (lookup.status === 'missing') return { status: 'missing', requested: module, missing: lookup.missing, reason: 'not-found', installedParent: lookup.parent };
    }
    return { status: 'external', topLevel: top, stdlib: true };
  }

  /** `tomllib` on 3.10, `distutils` on 3.12: a stdlib module of other versions only. */
  private notInThisStdlib(module: string, top: string): ModuleResolution {
    const versions = this.stdlib.versionsWith(top);
    const [major, minor] = parseVersion(versions[versions.length - 1]!)!;
    const [targetMajor, targetMinor] = this.stdlib.target;
    const removed = major < targetMajor || (major === targetMajor && minor < targetMinor);
    return {
      status: 'missing', requested: module, missing: top, reason: 'not-in-stdlib-version',
      stdlib: { version: formatVersion(this.stdlib.target), removed, available: this.stdlib.describe(top) },
    };
  }

  private resolveRelative(importer: ProjectModule, module: string, level: number): ModuleResolution {
    const requested = `${'.'.repeat(level)}${module}`;
    if (importer.package === '') return { status: 'missing', requested, missing: requested, reason: 'no-parent-package' };
    const parts = importer.package.split('.');
    if (level - 1 >= parts.length) return { status: 'missing', requested, missing: requested, reason: 'beyond-top-level' };
    const absolute = joinName(parts.slice(0, parts.length - (level - 1)).join('.'), module);
    const lookup = this.project.searchPathFor(importer).resolve(absolute);
    return lookup.status === 'found' ? lookup : this.missingOrUnknown(lookup, absolute);
  }

  /** A namespace portion with no Python beneath it (a data folder) does not make a name first-party. */
  private isFirstParty(kind: string, dirs: readonly string[]): boolean {
    return kind !== 'namespace' || dirs.some((d) => this.project.index.folder(d)?.hasPython);
  }
}
