/**
 * What one Python file says about itself, read from its bytes alone: its import sites, the names it
 * binds at module level, and what makes its namespace unknowable. Plain data (JSON-serialisable), so it
 * can be cached by content hash and moved between threads. Nothing here depends on other files.
 */
import type { Span } from './location.js';

/** Where an import statement runs: at import time of its module, or only when a function is called. */
export type Scope = 'module' | 'class' | 'function';

/**
 * Why an import site cannot crash, or under which condition it runs.
 * - `try`: inside a `try` whose handlers catch ImportError (or a superclass, or bare `except`).
 * - `type-checking`: inside `if TYPE_CHECKING:`; never executed.
 * - `condition`: under a `sys.platform`, `sys.version_info` or `os.name` test; `condition` is its source text.
 * - `main`: inside `if __name__ == "__main__":`.
 */
export type Guard =
  /** In the body of a `try` that catches ImportError (`tryLine`: the `try` statement's line). */
  | { kind: 'try'; caught: string; tryLine?: number }
  | { kind: 'type-checking' }
  /** Under an `if` whose test preflight evaluates on the target (platform, version) or cannot evaluate at all. */
  | { kind: 'condition'; condition: string }
  /** Inside `if __name__ == "__main__":`: runs only when the file is run as a script, never on import. */
  | { kind: 'main' }
  /**
   * Alternatives of an optional import: in the `except ImportError:` handler (`fallback`, runs when the
   * first choice failed) or the `else:` of such a `try` (`try-else`, runs when it succeeded). They can
   * fail, but they say the package is optional.
   */
  | { kind: 'fallback'; tryLine?: number }
  | { kind: 'try-else' };

export interface ImportedName {
  /** The name after `import` (`X` in `from M import X as Y`), or the dotted module for `import a.b`. */
  name: string;
  alias?: string;
  span: Span;
}

/** One import statement. `import a, b` yields one site per module; `from m import x, y` one site with two names. */
export interface ImportSite {
  kind: 'import' | 'from';
  /** Dotted module as written, without the leading dots (`''` for `from . import x`). */
  module: string;
  /** Number of leading dots: 0 for absolute imports. */
  level: number;
  /** For `from`: the imported names (empty for a star import). For `import`: one entry, the module itself. */
  names: ImportedName[];
  star: boolean;
  /** `from __future__ import ...`: checked against the known feature list, never resolved as a module. */
  future: boolean;
  scope: Scope;
  /** For scope `function`: the innermost enclosing function (`<lambda>` for a lambda). */
  function?: string;
  guard?: Guard;
  /** The span of the module part (`a.b` in `import a.b`, `..pkg` in `from ..pkg import x`). */
  moduleSpan: Span;
  /** The whole statement. */
  span: Span;
}

/**
 * How a module-level name got bound. `import` covers `import a.b` (binds `a`, `module` = `a`) and
 * `import a.b as c` (binds `c`, `module` = `a.b`); `from-import` covers `from m import x as y`
 * (binds `y`, `module` = resolved later from `level` + `module`, `importedName` = `x`).
 */
export type BindingKind =
  | 'def'
  | 'class'
  | 'assignment'
  | 'import'
  | 'from-import'
  | 'global'
  | 'target'
  | 'del';

export interface Binding {
  name: string;
  kind: BindingKind;
  line: number;
  /** Bound only in some branch (`if`, `try`, loop body, `match` case, a function's `global`). */
  conditional: boolean;
  /** Bound only under `if TYPE_CHECKING:`: it exists for type checkers, never at run time. */
  typeCheckingOnly?: boolean;
  /**
   * The platform/version condition the binding sits under (`sys.version_info >= (3, 11)`, `not (...)` for
   * an else branch, joined with `and` when nested), evaluated against the target when resolving.
   */
  condition?: string;
  /** For import bindings: the module imported (dotted, without leading dots) and its relative level. */
  module?: string;
  level?: number;
  /** For `from-import` bindings: the name read from `module`. */
  importedName?: string;
}

/** A `from m import *` at module level: which module, and where (for re-export resolution). */
export interface StarImport {
  module: string;
  level: number;
  line: number;
}

/**
 * `__all__` as far as it can be read statically. `names` is null when some form could not be followed
 * (a computed list, `__all__ = other.__all__ + [...]`): then star-import exports are unknown.
 */
export interface DunderAll {
  names: string[] | null;
  /** Every name the readable forms mention, even when the final value is unknown. */
  listed: string[];
}

export interface SyntaxProblem {
  message: string;
  span: Span;
}

/**
 * `name.path[0]...path[n] = value` (or `setattr`) where `name` is bound as for an AttributeRead: the last
 * attribute of the path is set on whatever the rest of it names. Another module's function that reads it
 * may run after this one did.
 */
export interface AttributeWrite {
  name: string;
  module: string;
  importedName?: string;
  level?: number;
  path: string[];
}

/**
 * A read `name.attribute` where `name` is bound only by `import module [as name]` or `from module import
 * importedName [as name]` (at module level or in a function).
 */
export interface AttributeRead {
  name: string;
  /**
   * The module bound to `name` (`core.database` for `import core.database as db`; `a` for `import a.b`).
   * With `importedName`: the module of the from-import as written (relative to `level`); `name` is bound
   * to its `importedName`, a submodule or any other object (known only once resolved).
   */
  module: string;
  attribute: string;
  span: Span;
  /** The innermost enclosing function (`<lambda>` for a lambda): the read runs when it is called. Absent at module level. */
  function?: string;
  /** For a read through `from module import importedName [as name]`: the name imported, and the relative level. */
  importedName?: string;
  level?: number;
  /**
   * The attributes read after `attribute` in the same dotted chain, with their spans
   * (`pkg.mod.Name` after `import pkg.mod`: `attribute` is `mod`, `rest` is `Name`). Absent when none.
   */
  rest?: { attribute: string; span: Span }[];
  /** At module level, inside a type annotation: evaluated only without `from __future__ import annotations`, before Python 3.14. */
  annotation?: true;
  /** At module level, evaluated later if ever, not when its statement runs: a generator expression's body, a `type` alias, a type parameter. */
  deferred?: true;
  /** At module level, under `if TYPE_CHECKING:`, `if __name__ == "__main__":` or another condition: it may never run. */
  guard?: Guard;
}

/** A dotted-path string in an UPPER_CASE module-level setting (`MIDDLEWARE = ["a.b.C"]`). */
export interface SettingString {
  setting: string;
  /** Keys of the dicts the string sits in (`["handlers", "console", "class"]` in LOGGING); empty for lists. */
  path: string[];
  value: string;
  span: Span;
  /** The test of the `if` (or `not (...)` for its `else:`) the assignment sits under, when it does. */
  condition?: string;
}

/** A string argument of a call frameworks use to name code (`include("blog.urls")`, `autodiscover_tasks([...])`). */
export interface CallString {
  /** The keyword (`include=`), else undefined for a positional argument. */
  keyword?: string;
  /** Position among the positional arguments (for positional strings and lists). */
  index?: number;
  value: string;
  span: Span;
}

export interface FrameworkCall {
  /**
   * The called name, last part (`include`, `setdefault`, `autodiscover_tasks`, `Celery`); `conf.update` for
   * `<app>.conf.update(...)`; for assignments, `environ` (`os.environ["KEY"] = "value"`, as setdefault's two
   * arguments) and `conf.include` / `conf.imports` (`<app>.conf.imports = [...]`, the value as argument 0).
   */
  callee: string;
  strings: CallString[];
  /** Some positional argument (or an assigned value) is not a literal (`autodiscover_tasks(lambda: settings.INSTALLED_APPS)`). */
  computed: boolean;
  /** Keyword arguments whose value is not a literal string or list of them, with their source text (`{ force: "True" }`). */
  otherKeywords?: Record<string, string>;
  /** No arguments at all (`autodiscover_tasks()`). */
  empty: boolean;
  /** The innermost enclosing function, when inside one. */
  function?: string;
  span: Span;
}

/** A `# preflight: ignore` or `# preflight: ignore[rule-id, ...]` comment. */
export interface Suppression {
  line: number;
  /** The rule ids listed; absent for a bare `ignore` (every rule). */
  rules?: string[];
  span: Span;
}

/** A function decorated as a Celery task (`@app.task`, `@shared_task(name=...)`). */
export interface TaskDefinition {
  function: string;
  /** The `name=` given to the decorator, when it is a literal. */
  name?: string;
  /** The name is given but not as a literal: the task's name is unknown. */
  computedName?: boolean;
  span: Span;
}

/** A class defined at module level, as Django reads an AppConfig: its bases and literal class attributes. */
export interface ClassDefinition {
  name: string;
  /** The bases as written (`AppConfig`, `apps.AppConfig`, `BaseConfig`); keyword arguments left out. */
  bases: string[];
  /**
   * `name`, `label` and `default` assigned directly in the class body: a string or a bool literal, null when
   * assigned anything else (computed). Absent when not assigned there.
   */
  attributes: Partial<Record<'name' | 'label' | 'default', string | boolean | null>>;
  line: number;
}

/** What decides the label of a Django app, in a module that mentions `AppConfig` or `default_app_config`. */
export interface AppConfigFacts {
  /** Every class defined at module level (not only AppConfigs: their bases may be among them). */
  classes: ClassDefinition[];
  /** `default_app_config = "pkg.apps.Config"` at module level; null when not a literal. */
  defaultAppConfig?: string | null;
}

export interface ModuleFacts {
  imports: ImportSite[];
  /** Module-level bindings in statement order. */
  bindings: Binding[];
  starImports: StarImport[];
  dunderAll?: DunderAll;
  /** Defines a module-level `__getattr__` (PEP 562): any name may be provided. */
  hasModuleGetattr: boolean;
  /** Writes its namespace in ways that cannot be read (`globals()[...] =`, `globals().update`, `sys.modules[__name__] = ...`, `exec`). */
  dynamicNamespace: boolean;
  /** Extends its own `__path__` (pkgutil/pkg_resources namespace packages): its submodules may live anywhere. */
  extendsPath?: boolean;
  /** Registers modules at run time (`sys.modules[...] = ...`, an import hook): its submodules are unknowable. */
  registersModules?: boolean;
  /** Attribute reads on imported modules (module level and function bodies), when the module has any. */
  attributeReads?: AttributeRead[];
  /** Attributes this module sets on imported modules (`mail.outbox = []`, `pkg.ctx.master = self`, `setattr(m, "x", v)`). */
  attributeWrites?: AttributeWrite[];
  /** Dotted-path strings of framework settings (Django), when the module has any. */
  settings?: SettingString[];
  /** Settings whose value has a computed part or that a method call changes (`INSTALLED_APPS.append(x)`): not fully known. */
  computedSettings?: string[];
  /** Django app configuration: AppConfig classes and `default_app_config`, when the module mentions them. */
  appConfig?: AppConfigFacts;
  /** Calls that name code by string (Django's `include`, Celery's `autodiscover_tasks`, `os.environ.setdefault`). */
  frameworkCalls?: FrameworkCall[];
  /** Celery tasks defined at module level. */
  tasks?: TaskDefinition[];
  /** `# preflight: ignore[...]` comments. */
  suppressions?: Suppression[];
  /** The first syntax error, if the file does not parse (what was parsed is still indexed). */
  syntaxError?: SyntaxProblem;
}
