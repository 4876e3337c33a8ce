/**
 * What each entry point runs at startup: from its modules, every import that executes at import time
 * (module and class level; not function bodies, not `if TYPE_CHECKING:`, not `__main__` blocks, not
 * branches false on the target), the `__init__` of every parent package of every imported module, and
 * the submodules that from-imports load. Breadth-first, so the chain to each module is a shortest one.
 */
import type { ImportSite } from '@preflight/core';
import { evaluateCondition } from '../environment/evaluate-condition.js';
import type { Target } from '../environment/target.js';
import type { Project } from '../project/project.js';
import { parentName } from '../project/module-name.js';
import type { ResolvedImport } from '../resolve/resolution.js';
import type { FoundModule } from '../project/search-path.js';
import type { ResolvedEntryPoint } from './entry-points.js';

export interface StartupReach {
  /** Entry point names that import `module` at startup, sorted. */
  entrypoints: string[];
  /** The shortest chain from the first of them to `module`. */
  chain: string[];
}

export class StartupGraph {
  /** Per entry point: each module it imports at start → the module that imported it (null for the first). */
  private readonly parents = new Map<string, Map<string, string | null>>();
  /** Per entry point: the functions the framework calls at start (`module\0function`) among those it reached. */
  private readonly functionsRun = new Map<string, Set<string>>();
  private readonly entries: readonly ResolvedEntryPoint[];

  /** `edges`: the analysis's `importTimeEdges`, computed once for it and its rules. */
  constructor(project: Project, imports: readonly ResolvedImport[], entryPoints: readonly ResolvedEntryPoint[], target: Target, edges: ReadonlyMap<string, readonly string[]>) {
    this.entries = entryPoints;
    const functionEdges = startupFunctionEdges(project, imports, entryPoints, target);
    const known = new Set(project.modules.map((m) => m.name));
    for (const entry of entryPoints) {
      const parent = new Map<string, string | null>();
      const queue: string[] = [];
      const visit = (module: string, from: string | null) => {
        if (parent.has(module)) return;
        parent.set(module, from);
        queue.push(module);
        // Importing a.b.c runs a/__init__ and a/b/__init__ first.
        for (let p = parentName(module); p !== ''; p = parentName(p)) if (known.has(p) && !parent.has(p)) (parent.set(p, from), queue.push(p));
      };
      // The first module is what the command imports; the others are imported by it or by the framework it
      // starts (Celery's task modules, Django's settings), so chains start from it.
      entry.modules.forEach((module, i) => visit(module, i === 0 ? null : entry.modules[0]!));
      const run = new Set<string>();
      for (let i = 0; i < queue.length; i++) {
        const module = queue[i]!;
        for (const next of edges.get(module) ?? []) visit(next, module);
        // AppConfig.ready(): its imports run during django.setup(), after the module itself.
        for (const fn of entry.functions) {
          if (fn.module !== module) continue;
          run.add(`${module}\0${fn.function}`);
          for (const next of functionEdges.get(`${module}\0${fn.function}`) ?? []) visit(next, module);
        }
      }
      this.parents.set(entry.name, parent);
      this.functionsRun.set(entry.name, run);
    }
  }

  /** Every module a service imports when it starts (by entry point name, or service name); undefined for none such. */
  modulesOf(entry: string): ReadonlySet<string> | undefined {
    const match = this.entries.find((e) => e.name === entry || e.service === entry);
    const parents = match ? this.parents.get(match.name) : undefined;
    return parents ? new Set(parents.keys()) : undefined;
  }

  /**
   * The services that import `module` at start (or, with `function`, call that function of it at start),
   * and the shortest chain. `only` keeps the services whose start runs the code (MIDDLEWARE: servers).
   */
  reach(module: string, options: { function?: string; only?: (entry: ResolvedEntryPoint) => boolean } = {}): StartupReach | undefined {
    const starting = this.entries.filter((entry) =>
      this.parents.get(entry.name)?.has(module) &&
      (!options.function || this.functionsRun.get(entry.name)?.has(`${module}\0${options.function}`)) &&
      (!options.only || options.only(entry)));
    const entrypoints = [...new Set(starting.map((e) => e.name))].sort();
    if (entrypoints.length === 0) return undefined;
    let best: string[] | undefined;
    for (const name of entrypoints) {
      const parent = this.parents.get(name)!;
      const chain: string[] = [];
      for (let m: string | null | undefined = module; m != null; m = parent.get(m)) chain.unshift(m);
      if (!best || chain.length < best.length) best = chain;
    }
    return { entrypoints, chain: best! };
  }
}

/**
 * Whether an import statement runs when its module is imported: not in a function body, not under
 * `if TYPE_CHECKING:` or `if __name__ == "__main__":`, not under a condition false on the target.
 */
export function runsAtImportTime(site: ImportSite, target: Target): boolean {
  if (site.scope === 'function') return false;
  const guard = site.guard;
  if (guard?.kind === 'type-checking' || guard?.kind === 'main') return false;
  return !(guard?.kind === 'condition' && evaluateCondition(guard.condition, target) === false);
}

/** `module\0function` → the project modules imported in the body of a function the framework calls at start. */
function startupFunctionEdges(project: Project, imports: readonly ResolvedImport[], entryPoints: readonly ResolvedEntryPoint[], target: Target): Map<string, string[]> {
  const wanted = new Set(entryPoints.flatMap((e) => e.functions.map((f) => `${f.module}\0${f.function}`)));
  const edges = new Map<string, string[]>();
  if (wanted.size === 0) return edges;
  for (const { importer, site, target: resolved, names } of imports) {
    const key = `${importer.name}\0${site.function ?? ''}`;
    if (site.scope !== 'function' || !wanted.has(key) || resolved.status !== 'found') continue;
    if (!runsAtImportTime({ ...site, scope: 'module' }, target)) continue;
    const list = edges.get(key) ?? [];
    list.push(...loadedModules(project, resolved.module, names));
    edges.set(key, list);
  }
  return edges;
}

/** The project modules an import statement loads: its module, and the submodules its from-import names. */
function loadedModules(project: Project, module: FoundModule, names: ResolvedImport['names']): string[] {
  const ownName = (m: FoundModule) => (m.file ? project.moduleOfFile(m.file)?.name : undefined) ?? m.name;
  return [ownName(module), ...names.flatMap(({ resolution }) => (resolution.status === 'submodule' ? [ownName(resolution.module)] : []))];
}

/** importer → the project modules its import-time statements load. */
export function importTimeEdges(project: Project, imports: readonly ResolvedImport[], target: Target): ReadonlyMap<string, readonly string[]> {
  const edges = new Map<string, string[]>();
  for (const { importer, site, target: resolved, names } of imports) {
    if (!runsAtImportTime(site, target) || resolved.status !== 'found') continue;
    const list = edges.get(importer.name) ?? [];
    list.push(...loadedModules(project, resolved.module, names));
    edges.set(importer.name, list);
  }
  return edges;
}
