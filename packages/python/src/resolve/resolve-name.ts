/**
 * `from M import X`: does X exist in M once M has run? Following Python, X exists when it is
 *   - bound in M at module level (a definition, an assignment, an import: a name bound by an import exists
 *     whether or not its source resolves, so a broken re-export is reported once, where it is written);
 *   - brought in by a star import (honouring the source's `__all__`, else its public names);
 *   - provided by a module `__getattr__` (PEP 562), or by code that writes the namespace (then: unknown);
 *   - a submodule `M.X` (the import system imports it and binds it on M).
 * Re-export chains are followed so that a chain that loops back without ever defining X (`a` takes X
 * from `b`, `b` takes it from `a`) is missing: such an import fails whichever module runs first.
 */
import type { Binding, ModuleFacts } from '@preflight/core';
import { evaluateCondition } from '../environment/evaluate-condition.js';
import type { Target } from '../environment/target.js';
import type { Project, ProjectModule } from '../project/project.js';
import type { FoundModule } from '../project/search-path.js';
import type { ModuleResolver } from './resolve-module.js';
import type { Definition, NameResolution } from './resolution.js';

/** Attributes every module object has, whatever its source says. */
const MODULE_ATTRIBUTES = new Set([
  '__name__', '__file__', '__doc__', '__spec__', '__loader__', '__package__', '__builtins__', '__dict__',
  '__cached__', '__annotations__', '__class__',
]);

type StarExports = Set<string> | 'unknown';

/**
 * How deep a chain of re-exports (or star imports) is followed. Python itself fails much sooner (each
 * import nests frames: a chain of a few hundred modules raises RecursionError), but where exactly depends
 * on the interpreter, so a longer chain is unknown, never a finding nor a stack overflow here.
 */
const MAX_CHAIN = 1_000;

export class NameResolver {
  private readonly memo = new Map<string, NameResolution>();
  private readonly starMemo = new Map<string, StarExports>();
  private readonly stack: { key: string; module: string }[] = [];
  /** Where each key sits on the stack (a linear search was quadratic on long chains). */
  private readonly onStack = new Map<string, number>();

  constructor(
    private readonly project: Project,
    private readonly modules: ModuleResolver,
    private readonly target: Target,
  ) {}

  /** A binding exists on the target unless its platform/version condition is known to be false there. */
  private existsOnTarget(binding: Binding): boolean {
    return binding.condition === undefined || evaluateCondition(binding.condition, this.target) !== false;
  }

  resolve(target: FoundModule, name: string): NameResolution {
    const key = `${target.file ?? target.stubFile ?? target.name}\0${name}`;
    const cached = this.memo.get(key);
    if (cached) return cached;
    const onStack = this.onStack.get(key);
    if (onStack !== undefined) {
      // `from . import views` in a package's __init__ names itself: the import system then loads the submodule.
      const submodule = this.submoduleOf(target, name);
      return submodule ? { status: 'submodule', module: submodule } : { status: 'missing', cycle: this.stack.slice(onStack).map((e) => e.module) };
    }
    if (this.stack.length >= MAX_CHAIN) return { status: 'unknown', reason: `a chain of more than ${MAX_CHAIN} re-exports` };
    this.onStack.set(key, this.stack.length);
    this.stack.push({ key, module: target.name });
    const result = this.compute(target, name);
    this.stack.pop();
    this.onStack.delete(key);
    // A result that depends on a cycle still open on the stack is only true from that stack.
    if (!(result.status === 'missing' && result.cycle)) this.memo.set(key, result);
    return result;
  }

  private compute(target: FoundModule, name: string): NameResolution {
    if (target.kind === 'extension') return { status: 'unknown', reason: `\`${target.name}\` is a compiled module` };
    if (target.kind === 'unanalysed') return { status: 'unknown', reason: `\`${target.name}\` is not analysed (ignored or excluded)` };
    if (MODULE_ATTRIBUTES.has(name) || (name === '__path__' && target.dirs.length > 0)) return { status: 'bound' };
    const file = target.file ?? target.stubFile;
    const owner = file === undefined ? undefined : this.project.moduleOfFile(file);
    const facts = owner?.facts;

    if (owner && facts) {
      const bound = this.fromBindings(owner, facts, name);
      // A cycle of re-exports through a module that can answer any name is not a miss.
      if (bound && !(bound.status === 'missing' && (facts.hasModuleGetattr || facts.dynamicNamespace))) return bound;
      const starred = this.fromStarImports(owner, facts, name);
      if (starred) return starred;
      if (facts.hasModuleGetattr) return { status: 'unknown', reason: `\`${target.name}\` defines a module \`__getattr__\`` };
      if (facts.dynamicNamespace) return { status: 'unknown', reason: `\`${target.name}\` writes its namespace dynamically` };
    }
    const submodule = this.submoduleOf(target, name);
    if (submodule) return { status: 'submodule', module: submodule };
    if (facts?.syntaxError) return { status: 'unknown', reason: `\`${target.name}\` does not parse` };
    if (target.kind === 'namespace' && this.isOpenNamespace(target.name)) {
      return { status: 'unknown', reason: `\`${target.name}\` is a namespace package: installed portions or a package of that name may provide it` };
    }
    if (facts?.extendsPath) return { status: 'unknown', reason: `\`${target.name}\` extends its \`__path__\`` };
    if (target.kind === 'stub') return { status: 'unknown', reason: `\`${target.name}\` has only a stub` };
    const absent = facts?.bindings.filter((b) => b.name === name) ?? [];
    if (absent.some((b) => b.typeCheckingOnly)) return { status: 'missing', typeCheckingOnly: true };
    const onlyElsewhere = absent.find((b) => b.condition !== undefined);
    return onlyElsewhere ? { status: 'missing', onlyWhen: onlyElsewhere.condition! } : { status: 'missing' };
  }

  private submoduleOf(target: FoundModule, name: string): FoundModule | undefined {
    return this.project.submodule(target, name);
  }

  /**
   * A namespace package whose ancestors are all namespace packages is merged across every `sys.path`
   * entry (PEP 420), installed ones included: what this project lacks, another portion may have.
   */
  private isOpenNamespace(name: string): boolean {
    const parts = name.split('.');
    const searchPath = this.project.projectSearchPath();
    for (let i = 1; i < parts.length; i++) {
      const ancestor = searchPath.resolve(parts.slice(0, i).join('.'));
      if (ancestor.status !== 'found' || ancestor.module.kind !== 'namespace') return false;
    }
    return true;
  }

  private fromBindings(owner: ProjectModule, facts: ModuleFacts, name: string): NameResolution | undefined {
    // Bindings under `if TYPE_CHECKING:` do not exist at run time, nor those under a condition false on the target.
    const bindings = facts.bindings.filter((b) => b.name === name && !b.typeCheckingOnly && this.existsOnTarget(b));
    if (bindings.length === 0) return undefined;
    const last = bindings[bindings.length - 1]!;
    if (last.kind === 'del' && !last.conditional) return undefined;
    const direct = bindings.find((b) => b.kind !== 'del' && b.kind !== 'from-import' && b.kind !== 'import');
    if (direct) return { status: 'bound', definition: this.definition(owner, direct) };
    if (bindings.some((b) => b.kind === 'import')) return { status: 'bound' };

    let cycle: string[] | undefined;
    for (const binding of bindings) {
      if (binding.kind !== 'from-import') continue;
      const source = this.modules.resolve(owner, binding.module ?? '', binding.level ?? 0);
      // From outside the project, or from a module that is itself missing (reported at that import): bound.
      if (source.status !== 'found') return { status: 'bound' };
      const result = this.resolve(source.module, binding.importedName ?? name);
      if (result.status === 'missing' && result.cycle) {
        cycle ??= result.cycle;
        continue;
      }
      return result.status === 'bound' || result.status === 'submodule' ? result : { status: 'bound' };
    }
    return cycle ? { status: 'missing', cycle } : { status: 'bound' };
  }

  private fromStarImports(owner: ProjectModule, facts: ModuleFacts, name: string): NameResolution | undefined {
    for (const star of facts.starImports) {
      const source = this.modules.resolve(owner, star.module, star.level);
      if (source.status !== 'found') return { status: 'unknown', reason: `star import from \`${star.module || '.'}\`` };
      const exports = this.starExports(source.module, new Set());
      if (exports === 'unknown') return { status: 'unknown', reason: `star import from \`${source.module.name}\`` };
      if (exports.has(name)) {
        const result = this.resolve(source.module, name);
        return result.status === 'missing' && !result.cycle ? { status: 'bound' } : result;
      }
    }
    return undefined;
  }

  /** The names `from M import *` binds: M's `__all__` when it defines one, else its public names. */
  private starExports(target: FoundModule, visiting: Set<string>): StarExports {
    const file = target.file ?? target.stubFile;
    if (file === undefined || target.kind === 'extension') return target.kind === 'namespace' ? new Set() : 'unknown';
    const cached = this.starMemo.get(file);
    if (cached) return cached;
    if (visiting.has(file)) return new Set();
    if (visiting.size >= MAX_CHAIN) return 'unknown';
    visiting.add(file);
    const owner = this.project.moduleOfFile(file);
    let result: StarExports = 'unknown';
    if (owner && !owner.facts.dynamicNamespace) {
      const { facts } = owner;
      if (facts.dunderAll) {
        result = facts.dunderAll.names === null ? 'unknown' : new Set(facts.dunderAll.names);
      } else {
        const names = new Set(
          facts.bindings.filter((b) => !b.name.startsWith('_') && b.kind !== 'del' && !b.typeCheckingOnly && this.existsOnTarget(b)).map((b) => b.name),
        );
        // Importing a submodule binds it on its package: `from .sub import thing` in pkg/__init__ binds `sub`.
        if (target.dirs.length > 0) for (const sub of this.importedSubmodules(owner, target)) if (!sub.startsWith('_')) names.add(sub);
        let complete = true;
        for (const star of facts.starImports) {
          const source = this.modules.resolve(owner, star.module, star.level);
          const more = source.status === 'found' ? this.starExports(source.module, visiting) : 'unknown';
          if (more === 'unknown') {
            complete = false;
            break;
          }
          for (const n of more) if (!n.startsWith('_')) names.add(n);
        }
        result = complete ? names : 'unknown';
      }
    }
    visiting.delete(file);
    this.starMemo.set(file, result);
    return result;
  }

  /** Direct submodules of `target` that its own module-level code imports. */
  private importedSubmodules(owner: ProjectModule, target: FoundModule): string[] {
    const prefix = `${target.name}.`;
    const found: string[] = [];
    for (const site of owner.facts.imports) {
      if (site.scope !== 'module' || site.future) continue;
      const resolved = this.modules.resolve(owner, site.module, site.level);
      if (resolved.status === 'found' && resolved.module.name.startsWith(prefix)) found.push(resolved.module.name.slice(prefix.length).split('.')[0]!);
    }
    return found;
  }

  private definition(owner: ProjectModule, binding: Binding): Definition {
    return { module: owner.name, file: owner.file, line: binding.line };
  }
}
