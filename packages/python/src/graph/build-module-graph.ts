/** Resolved imports → the module graph (first-party modules, plus external and missing targets as leaves). */
import { ModuleGraph } from '@preflight/core';
import type { Project } from '../project/project.js';
import type { ResolvedImport } from '../resolve/resolution.js';

export function buildModuleGraph(project: Project, imports: readonly ResolvedImport[]): ModuleGraph {
  const graph = new ModuleGraph();
  for (const module of project.modules) {
    graph.addModule(module.name, { kind: module.isStub ? 'stub' : module.isInit ? 'package' : 'module', file: module.file });
  }
  for (const { importer, site, target, names } of imports) {
    const edge = { file: importer.file, line: site.span.line, scope: site.scope, guarded: site.guard?.kind === 'try' || site.guard?.kind === 'type-checking' };
    if (target.status === 'external') {
      graph.addImport(importer.name, target.topLevel, { ...edge, status: 'external' });
    } else if (target.status === 'missing') {
      graph.addImport(importer.name, target.requested, { ...edge, status: 'missing' });
    } else if (target.status === 'found') {
      const broken = names.some((n) => n.resolution.status === 'missing');
      graph.addImport(importer.name, target.module.name, { ...edge, status: broken ? 'missing' : 'resolved' });
      // `from pkg import sub` also imports the submodule `pkg.sub`.
      for (const { resolution } of names) {
        if (resolution.status === 'submodule') graph.addImport(importer.name, resolution.module.name, { ...edge, status: 'resolved' });
      }
    }
  }
  return graph;
}
