/**
 * The resolver's output records. "Unknown" is a value: rules report only what is `missing`; anything
 * preflight cannot know (a compiled module, a module `__getattr__`, a star import from outside the
 * project) is `unknown` with its reason, and never reported.
 */
import type { ImportedName, ImportSite } from '@preflight/core';
import type { InstalledModule } from '../environment/installed-modules.js';
import type { ProjectModule } from '../project/project.js';
import type { FoundModule } from '../project/search-path.js';

export type MissingModuleReason =
  /** No such module on the search path. */
  | 'not-found'
  /** `import a.b` where `a` is a plain module, not a package. */
  | 'not-a-package'
  /** `from ... import x` going above the top-level package. */
  | 'beyond-top-level'
  /** A relative import in a module that has no package (a top-level module or script). */
  | 'no-parent-package'
  /** A standard-library module of other Python versions than the target's. */
  | 'not-in-stdlib-version';

export type ModuleResolution =
  | { status: 'found'; module: FoundModule }
  /** Not first-party: the standard library or a third-party package (checked against the environment later). */
  | {
      status: 'external';
      topLevel: string;
      stdlib: boolean;
      /** With an environment: the installed module, or null when it is not installed. Without one: absent. */
      installed?: InstalledModule | null;
    }
  /** It may exist: preflight cannot tell (a parent that registers modules in `sys.modules`, ...). */
  | { status: 'unknown'; reason: string }
  | {
      status: 'missing';
      /** The full dotted name the statement asked for (relative imports made absolute). */
      requested: string;
      /** The first dotted prefix that does not exist. */
      missing: string;
      reason: MissingModuleReason;
      /** The deepest package that does exist on the way, if any. */
      parent?: FoundModule;
      /** The module belongs to an installed distribution (its top-level package is installed). */
      installedParent?: InstalledModule;
      /** For `not-in-stdlib-version`: the target version, whether the module was removed, where it exists. */
      stdlib?: { version: string; removed: boolean; available?: string };
    };

/** Where a bound name comes from, for messages ("defined in models.user"). */
export interface Definition {
  module: string;
  file: string;
  line: number;
}

export type NameResolution =
  | { status: 'bound'; definition?: Definition }
  | { status: 'submodule'; module: FoundModule }
  | { status: 'unknown'; reason: string }
  /**
   * `cycle`: the re-export chain loops back (module names, in order); such an import can never succeed.
   * `typeCheckingOnly`: the module binds the name only under `if TYPE_CHECKING:`.
   * `onlyWhen`: the module binds it only under a platform/version condition that is false on the target.
   */
  | { status: 'missing'; cycle?: string[]; typeCheckingOnly?: boolean; onlyWhen?: string };

export interface ResolvedName {
  imported: ImportedName;
  resolution: NameResolution;
}

/** One import site with everything the resolver learned about it. */
export interface ResolvedImport {
  importer: ProjectModule;
  site: ImportSite;
  target: ModuleResolution;
  /** For `from M import a, b` with M found: one entry per name. */
  names: ResolvedName[];
}
