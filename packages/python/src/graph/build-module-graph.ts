/** Resolved imports → the module graph (first-party modules, plus external and missing targets as leaves). */
import { ModuleGraph, type ImportEdgeSite } from '@preflight/core';
import type { Project } from '../project/project.js';
import type { ResolvedImport } from '../resolve/resolution.js';

export function buildModuleGraph(project: Project, imports: readonly ResolvedImport[]): ModuleGraph {
  const graph = new ModuleGraph();
  for (const module of project.modules) {
    graph.addModule(module.name, { kind: module.isStub ? 'stub' : module.isInit ? 'package' : 'module', file: module.file });
  }
  // Sites gathered per importer → imported pair first, then one edge each: graphology's per-call
  // lookups were most of the graph's cost on big projects.
  const edges = new Map<string, { from: string; to: string; sites: ImportEdgeSite[] }>();
  const add = (from: string, to: string, site: ImportEdgeSite) => {
    const key = `${from}\0${to}`;
    const edge = edges.get(key);
    if (edge) edge.sites.push(site);
    else edges.set(key, { from, to, sites: [site] });
  };
  for (const { importer, site, target, names } of imports) {
    const edge = { file: importer.file, line: site.span.line, scope: site.scope, guarded: site.guard?.kind === 'try' || site.guard?.kind === 'type-checking' };
    if (target.status === 'external') {
      add(importer.name, target.topLevel, { ...edge, status: 'external' });
    } else if (target.status === 'missing') {
      add(importer.name, target.requested, { ...edge, status: 'missing' });
    } else if (target.status === 'found') {
      const broken = names.some((n) => n.resolution.status === 'missing');
      add(importer.name, target.module.name, { ...edge, status: broken ? 'missing' : 'resolved' });
      // `from pkg import sub` also imports the submodule `pkg.sub`.
      for (const { resolution } of names) {
        if (resolution.status === 'submodule') add(importer.name, resolution.module.name, { ...edge, status: 'resolved' });
      }
    }
  }
  for (const { from, to, sites } of edges.values()) graph.addImports(from, to, sites);
  return graph;
}
