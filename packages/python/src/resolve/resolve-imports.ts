/** Resolves every import site of every runtime module of the project (stubs never run, so they are skipped). */
import type { StandardLibrary } from '../environment/standard-library.js';
import type { Target } from '../environment/target.js';
import type { Project } from '../project/project.js';
import { NameResolver } from './resolve-name.js';
import { ModuleResolver } from './resolve-module.js';
import type { NameResolution, ResolvedImport, ResolvedName } from './resolution.js';
import { evaluateCondition } from '../environment/evaluate-condition.js';
import type { InstalledModule, InstalledModules } from '../environment/installed-modules.js';

export interface Resolver {
  modules: ModuleResolver;
  names: NameResolver;
  installed?: InstalledModules;
  stdlibModules?: InstalledModules;
  target: Target;
}

export function createResolver(
  project: Project, stdlib: StandardLibrary, rootsConfigured: boolean, target: Target, installed?: InstalledModules, stdlibModules?: InstalledModules,
): Resolver {
  const modules = new ModuleResolver(project, stdlib, rootsConfigured, installed, stdlibModules);
  return { modules, names: new NameResolver(project, modules, target), target, ...(installed ? { installed } : {}), ...(stdlibModules ? { stdlibModules } : {}) };
}

/**
 * `from M import X` with M installed: X exists when M's source binds it, or it is a submodule; a compiled
 * M, a star import, `__getattr__` or a dynamic namespace make it unknown. Re-exports are not followed:
 * a name bound by an import is bound.
 */
export function resolveInstalledName(installed: InstalledModules, target: Target, module: InstalledModule, name: string): NameResolution {
  if (module.kind === 'extension') return { status: 'unknown', reason: `\`${module.name}\` is compiled` };
  if (module.kind !== 'namespace') {
    const facts = installed.facts(module);
    if (!facts || facts.syntaxError) return { status: 'unknown', reason: `\`${module.name}\` could not be read` };
    const bound = facts.bindings.some(
      (b) => b.name === name && b.kind !== 'del' && !b.typeCheckingOnly && (b.condition === undefined || evaluateCondition(b.condition, target) !== false),
    );
    if (bound || name.startsWith('__')) return { status: 'bound' };
    if (facts.starImports.length > 0 || facts.hasModuleGetattr || facts.dynamicNamespace || facts.dunderAll?.listed.includes(name)) {
      return { status: 'unknown', reason: `\`${module.name}\` may bind \`${name}\` dynamically` };
    }
    // A plain module has no submodules: only a `sys.modules` entry it registers could answer.
    if (module.kind === 'module' && !facts.registersModules) return { status: 'missing' };
  }
  const sub = installed.find(`${module.name}.${name}`);
  if (sub.status === 'found' || sub.status === 'unknown') return { status: 'bound' };
  return { status: 'missing' };
}

export function resolveImports(project: Project, resolver: Resolver): ResolvedImport[] {
  const resolved: ResolvedImport[] = [];
  for (const importer of project.modules) {
    if (importer.isStub) continue;
    for (const site of importer.facts.imports) {
      if (site.future) continue;
      const target = resolver.modules.resolve(importer, site.module, site.level);
      let names: ResolvedName[] = [];
      if (site.kind === 'from' && target.status === 'found') {
        names = site.names.map((imported) => ({ imported, resolution: resolver.names.resolve(target.module, imported.name) }));
      } else if (site.kind === 'from' && target.status === 'external' && target.installed) {
        const module = target.installed;
        const finder = target.stdlib ? resolver.stdlibModules : resolver.installed;
        if (finder) names = site.names.map((imported) => ({ imported, resolution: resolveInstalledName(finder, resolver.target, module, imported.name) }));
      }
      resolved.push({ importer, site, target, names });
    }
  }
  return resolved;
}
