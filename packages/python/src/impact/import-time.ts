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
import type { ResolvedEntryPoint } from './entry-points.js';

export interface StartupReach {
  /** Entry point names that import `module` at startup, sorted. */
  entrypoints: string[];
  /** The shortest chain from the first of them to `module`. */
  chain: string[];
}

export class StartupGraph {
  private readonly parents = new Map<string, Map<string, string | null>>();

  constructor(project: Project, imports: readonly ResolvedImport[], entryPoints: readonly ResolvedEntryPoint[], target: Target) {
    const edges = importTimeEdges(project, imports, target);
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
      for (let i = 0; i < queue.length; i++) for (const next of edges.get(queue[i]!) ?? []) visit(next, queue[i]!);
      this.parents.set(entry.name, parent);
    }
  }

  reach(module: string): StartupReach | undefined {
    const entrypoints = [...this.parents.entries()].filter(([, p]) => p.has(module)).map(([name]) => name).sort();
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

/** importer → the project modules its import-time statements load. */
export function importTimeEdges(project: Project, imports: readonly ResolvedImport[], target: Target): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  const ownName = (file: string | undefined, fallback: string) => (file ? project.moduleOfFile(file)?.name : undefined) ?? fallback;
  for (const { importer, site, target: resolved, names } of imports) {
    if (!runsAtImportTime(site, target) || resolved.status !== 'found') continue;
    const list = edges.get(importer.name) ?? [];
    list.push(ownName(resolved.module.file, resolved.module.name));
    for (const { resolution } of names) if (resolution.status === 'submodule') list.push(ownName(resolution.module.file, resolution.module.name));
    edges.set(importer.name, list);
  }
  return edges;
}
