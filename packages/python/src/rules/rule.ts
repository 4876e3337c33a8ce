/**
 * The rule API. A rule reads the resolved project and calls `context.report()`; it never decides
 * severity or impact. `report()` is the one place where a site's context (scope, guard) becomes the
 * finding's `impact.when` and `severity`: `error` only where Python would raise.
 */
import { findingKey, type Finding, type Fix, type Guard, type ImportSite, type Severity, type Span, type Suggestion } from '@preflight/core';
import { evaluateCondition } from '../environment/evaluate-condition.js';
import type { Target } from '../environment/target.js';
import type { DeclaredDependencies } from '../environment/declared-dependencies.js';
import type { ResolvedEntryPoint } from '../impact/entry-points.js';
import type { StartupGraph, StartupReach } from '../impact/import-time.js';
import type { FallbackRuns } from '../resolve/fallback-runs.js';
import type { InstalledModules } from '../environment/installed-modules.js';
import type { Project } from '../project/project.js';
import type { Resolver } from '../resolve/resolve-imports.js';
import type { ResolvedImport } from '../resolve/resolution.js';
import type { DefinitionIndex } from '../suggest/definition-index.js';

export interface Rule {
  /** The rule id, also the name of its file and its doc (`<id>.md` beside it). */
  id: string;
  /** One line for `preflight rules` and SARIF. */
  summary: string;
  check(context: RuleContext): void;
}

export interface FindingInput {
  file: string;
  span: Span;
  message: string;
  /** The import site the finding is about: its scope and guard decide when it fails. */
  site?: ImportSite;
  module?: string;
  name?: string;
  suggestions?: Suggestion[];
  /** Python may not raise here (something preflight cannot see could provide it): at most a warning. */
  unsure?: boolean;
  /** Without a site: the code runs only on first use (`call`), said with `whenNote`. */
  when?: 'call';
  whenNote?: string;
  /** Without a site: the function the failing code is in (startup when the framework calls it at start). */
  function?: string;
  /** The unambiguous rewrite that fixes it (`--fix`). */
  fix?: Fix;
  /** Other fixes, each a choice for the user (an editor's quick fixes; `--fix` applies none). */
  alternatives?: Fix[];
  /** Crashes only in some import orders: never attributed to a service's start. */
  orderDependent?: boolean;
  /** Runs at the start of only some of the services that import the file (MIDDLEWARE: servers, not workers). */
  startsWith?: (entry: ResolvedEntryPoint) => boolean;
  /**
   * Fails when any of these modules is imported, in a service that imports the finding's own file too
   * (Django REST framework reads REST_FRAMEWORK when a module importing its views is imported): startup
   * for the services that import both at start, with the chain to that module.
   */
  importedWith?: readonly string[];
}

export interface RuleContext {
  /** The analysed folder (absolute), for the rare rule that reads a file's text. */
  root: string;
  project: Project;
  /** What the project's dependency files declare (none read: undefined). */
  dependencies?: DeclaredDependencies;
  /** The environment's installed modules, when one was found. */
  installed?: InstalledModules;
  /** The real standard library of the target version, when the environment has it. */
  stdlibModules?: InstalledModules;
  /** How to name the environment in messages (`.venv`). */
  environmentName: string;
  /** The project's own distribution names (PEP 503), which its code may import. */
  ownDistributions: ReadonlySet<string>;
  target: Target;
  /** The project's entry points, with the modules each starts. */
  entryPoints: readonly ResolvedEntryPoint[];
  /** The resolver, for rules that resolve dotted paths of their own (framework settings). */
  resolver: Resolver;
  /** "Python 3.12 on linux", for messages. */
  targetDescription: string;
  imports: readonly ResolvedImport[];
  /** importer → the project modules its import-time statements load (`importTimeEdges`, once per analysis). */
  importTimeEdges: ReadonlyMap<string, readonly string[]>;
  definitions: DefinitionIndex;
  report(input: FindingInput): void;
  /** Something the user should know that is not a finding (a check cut short): printed as a note. */
  notice(text: string): void;
}

export interface ReportOptions {
  target: Target;
  /** Where the fixes of reported findings go (`--fix`), by `findingKey`. */
  fixes?: Map<string, Fix>;
  /** Where their alternative fixes go, by `findingKey`. */
  alternatives?: Map<string, Fix[]>;
  /** Whether an `except ImportError:` handler's imports run (the `try` body's imports fail). */
  fallbackRuns?: FallbackRuns;
  /** What the services import when they start: findings there get `when: "startup"` with the chain. */
  startup?: StartupGraph;
  project?: Project;
}

function guardNote(guard: Guard): string {
  switch (guard.kind) {
    case 'try':
      return ` (guarded by \`except ${guard.caught}\`)`;
    case 'condition':
      return ` (only when \`${guard.condition}\`, false on the target)`;
    case 'fallback':
      return ' (in an `except ImportError:` fallback that does not run: the import it replaces resolves)';
    default:
      return ' (only under `TYPE_CHECKING`)';
  }
}

/** Builds the `report()` of a rule: impact and severity from the site's context. */
export function findingReporter(rule: Rule, options: ReportOptions, sink: Finding[]): (input: FindingInput) => void {
  return (input) => {
    let severity: Severity = 'error';
    let when: 'import' | 'call' | 'guarded' = input.site?.scope === 'function' ? 'call' : 'import';
    let message = input.message;
    const guard = input.site?.guard;
    // A platform/version condition known on the target: false means the line never runs there.
    const holds = guard?.kind === 'condition' ? evaluateCondition(guard.condition, options.target) : undefined;
    const fallback = guard?.kind === 'fallback' ? options.fallbackRuns?.(input.file, guard.tryLine) ?? 'maybe' : undefined;
    if (guard?.kind === 'try' || guard?.kind === 'type-checking' || holds === false || fallback === 'no') {
      // Recorded as `info`; check() drops them unless asked for, after suppressions have seen them.
      severity = 'info';
      when = 'guarded';
      message += guardNote(guard!);
    } else if (guard?.kind === 'condition' && holds === undefined) {
      // The condition is not evaluated yet: preflight cannot tell whether this line runs on the target.
      severity = 'warning';
      message += ` (only when \`${guard.condition}\`)`;
    } else if (fallback === 'maybe') {
      severity = 'warning';
      message += ' (in an `except ImportError:` fallback: runs only if the import it replaces fails)';
    }
    if (input.unsure && severity === 'error') severity = 'warning';
    if (input.when === 'call' && !input.site) {
      when = 'call';
      if (input.whenNote) message += ` (${input.whenNote})`;
    }
    if (guard?.kind === 'main') {
      // Runs only when the file is executed as a script: like a function body, it fails when it runs.
      when = 'call';
      message += '; fails when the file is run as a script';
    }
    const reach = when === 'guarded' || input.orderDependent ? undefined : startupReach(input, when, options);
    if (when === 'call' && input.site?.function && !reach) message += `; fails when \`${input.site.function}()\` runs`;
    const finding: Finding = {
      rule: rule.id,
      severity,
      message,
      file: input.file,
      line: input.span.line,
      column: input.span.column,
      endLine: input.span.endLine,
      endColumn: input.span.endColumn,
      ...(input.module !== undefined ? { module: input.module } : {}),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.suggestions?.length ? { suggestions: input.suggestions } : {}),
      impact: reach ? { when: 'startup', entrypoints: reach.entrypoints, chain: reach.chain } : { when },
    };
    sink.push(finding);
    if (input.fix && severity !== 'info') options.fixes?.set(findingKey(finding), input.fix);
    if (input.alternatives?.length && severity !== 'info') options.alternatives?.set(findingKey(finding), input.alternatives);
  };
}

/** Module-level code of a module a service imports at start, or a function the framework calls then (AppConfig.ready). */
function startupReach(input: FindingInput, when: 'import' | 'call', options: ReportOptions): StartupReach | undefined {
  const module = options.project?.moduleOfFile(input.file);
  if (!module || !options.startup) return undefined;
  if (input.importedWith) return reachThrough(options.startup, module.name, input.importedWith, input.startsWith);
  if (input.startsWith) return options.startup.reach(module.name, { only: input.startsWith });
  if (when === 'import') return options.startup.reach(module.name);
  const fn = input.site?.function ?? input.function;
  return fn ? options.startup.reach(module.name, { function: fn }) : undefined;
}

/** The services that import `module` and one of `through` at start; the chain is the shortest to one of `through`. */
function reachThrough(startup: StartupGraph, module: string, through: readonly string[], only?: (entry: ResolvedEntryPoint) => boolean): StartupReach | undefined {
  const own = startup.reach(module, only ? { only } : {});
  if (!own) return undefined;
  const starting = new Set(own.entrypoints);
  const entrypoints = new Set<string>();
  let chain: string[] | undefined;
  for (const m of through) {
    const reach = startup.reach(m, { only: (entry) => starting.has(entry.name) });
    if (!reach) continue;
    for (const e of reach.entrypoints) entrypoints.add(e);
    if (!chain || reach.chain.length < chain.length) chain = reach.chain;
  }
  return chain ? { entrypoints: [...entrypoints].sort(), chain } : undefined;
}
