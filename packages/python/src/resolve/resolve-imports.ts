/** Resolves every import site of every runtime module of the project (stubs never run, so they are skipped). */
import type { StandardLibrary } from '../environment/standard-library.js';
import type { Target } from '../environment/target.js';
import type { Project } from '../project/project.js';
import { NameResolver } from './resolve-name.js';
import { ModuleResolver } from './resolve-module.js';
import type { ResolvedImport, ResolvedName } from './resolution.js';

export interface Resolver {
  modules: ModuleResolver;
  names: NameResolver;
}

export function createResolver(project: Project, stdlib: StandardLibrary, rootsConfigured: boolean, target: Target): Resolver {
  const modules = new ModuleResolver(project, stdlib, rootsConfigured);
  return { modules, names: new NameResolver(project, modules, target) };
}

export function resolveImports(project: Project, resolver: Resolver): ResolvedImport[] {
  const resolved: ResolvedImport[] = [];
  for (const importer of project.modules) {
    if (importer.isStub) continue;
    for (const site of importer.facts.imports) {
      if (site.future) continue;
      const target = resolver.modules.resolve(importer, site.module, site.level);
      const names: ResolvedName[] =
        site.kind === 'from' && target.status === 'found'
          ? site.names.map((imported) => ({ imported, resolution: resolver.names.resolve(target.module, imported.name) }))
          : [];
      resolved.push({ importer, site, target, names });
    }
  }
  return resolved;
}
