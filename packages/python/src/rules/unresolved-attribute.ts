/** unresolved-attribute: `import m` (or `from pkg import mod`) then `m.X` where m has no X (doc: unresolved-attribute.md). */
import type { AttributeRead, Span } from '@preflight/core';
import type { InstalledModule, InstalledModules } from '../environment/installed-modules.js';
import type { ProjectModule } from '../project/project.js';
import { parentName } from '../project/module-name.js';
import type { FoundModule } from '../project/search-path.js';
import { resolveInstalledName } from '../resolve/resolve-imports.js';
import { similarNames } from '../suggest/similar-names.js';
import type { Rule, RuleContext } from './rule.js';

/** The module a read starts from: a project (or stub) module, or an installed one with the finder that knows it. */
type ReadModule = { kind: 'project'; module: FoundModule } | { kind: 'installed'; module: InstalledModule; finder: InstalledModules };

export const unresolvedAttribute: Rule = {
  id: 'unresolved-attribute',
  summary: '`import M` (or `from P import M`) then `M.X` or `M.sub.X` (at import time or in a function), where X is neither bound in the module nor a submodule of it',
  check(context) {
    const loaded = new ImportTimeClosure(context);
    const written = writtenAttributes(context);
    for (const importer of context.project.modules) {
      if (importer.isStub || !importer.facts.attributeReads) continue;
      // Asked once per file: reads of one alias (a name the file binds once, by one import) start alike.
      const starts = new Map<string, ReadModule | undefined>();
      const start = (read: AttributeRead) => {
        if (!starts.has(read.name)) starts.set(read.name, startingModule(context, importer, read));
        return starts.get(read.name);
      };
      // Every module an absolute import of this file names, with the packages above it.
      const imported = new Set<string>();
      for (const s of importer.facts.imports) {
        if (s.level !== 0) continue;
        for (let m = s.module; m !== '' && !imported.has(m); m = parentName(m)) imported.add(m);
      }
      for (const read of importer.facts.attributeReads) {
        if (read.guard?.kind === 'type-checking') continue;
        let current = start(read);
        // Down the dotted chain: `m.a.b.X` reads `a` in m, then `b` in m.a when it is a submodule, and so on.
        const chain = [{ attribute: read.attribute, span: read.span }, ...(read.rest ?? [])];
        let path = read.name;
        for (const [i, step] of chain.entries()) {
          if (!current) break;
          const readAs = `${path}.${step.attribute}`;
          path = readAs;
          // `import a.gone` then `a.gone.f()`: the import fails first, and is reported as such.
          const dotted = `${current.module.name}.${step.attribute}`;
          if (imported.has(dotted)) {
            current = descend(context, current, step.attribute);
            continue;
          }
          // Set from outside (`mail.outbox = []` in the test runner): it exists once that code ran.
          if (written.has(dotted)) break;
          if (current.kind === 'project') {
            const name = context.resolver.names.resolve(current.module, step.attribute);
            if (name.status === 'missing') report(context, importer, read, current, step, readAs, projectBindings(context, current.module));
            if (name.status !== 'submodule') break;
            // `import a` then `a.b.X`: `a.b` is an attribute of `a` only once someone imports the submodule.
            // Once it is loaded, or when the read fails anyway, go on down the chain.
            if (!read.function && i === 0 && read.importedName === undefined && !loadedAtImport(context, loaded, importer, current.module, name.module)) {
              context.report({
                file: importer.file, span: step.span, module: read.module, name: step.attribute, unsure: true,
                message: `\`${readAs}\` reads submodule \`${name.module.name}\`, which neither \`${importer.name}\` nor \`${read.module}\` imports: it works only if another module imported \`${name.module.name}\` first (AttributeError otherwise)`,
                suggestions: [{ message: `add \`import ${name.module.name}\` to ${importer.file}` }],
              });
              break;
            }
            current = { kind: 'project', module: name.module };
          } else {
            const { finder, module } = current;
            if (resolveInstalledName(finder, context.resolver.target, module, step.attribute).status === 'missing') {
              report(context, importer, read, current, step, readAs, finder.facts(module)?.bindings.map((b) => b.name) ?? []);
              break;
            }
            current = descend(context, current, step.attribute);
          }
        }
      }
    }
  },
};

/**
 * What the read's name is bound to, when it is a module: the module of `import m` / `import a.b as m`,
 * or for `from P import x`, the submodule P.x when P does not bind `x` itself. Anything else (an
 * object, a module preflight cannot see) is undefined: its attributes are not checked.
 */
function startingModule(context: RuleContext, importer: ProjectModule, read: Pick<AttributeRead, 'module' | 'level' | 'importedName'>): ReadModule | undefined {
  const { resolver } = context;
  const target = resolver.modules.resolve(importer, read.module, read.level ?? 0);
  let start: ReadModule | undefined;
  if (target.status === 'found') start = { kind: 'project', module: target.module };
  else if (target.status === 'external' && target.installed) {
    const finder = target.stdlib ? resolver.stdlibModules : resolver.installed;
    if (finder) start = { kind: 'installed', module: target.installed, finder };
  }
  if (!start || read.importedName === undefined) return start;
  if (start.kind === 'project') {
    const name = resolver.names.resolve(start.module, read.importedName);
    return name.status === 'submodule' ? { kind: 'project', module: name.module } : undefined;
  }
  return descend(context, start, read.importedName);
}

/** `module.attribute` for every attribute some module of the project sets on a module it imported. */
function writtenAttributes(context: RuleContext): Set<string> {
  const written = new Set<string>();
  for (const importer of context.project.modules) {
    for (const write of importer.facts.attributeWrites ?? []) {
      let current = startingModule(context, importer, write);
      for (const attribute of write.path.slice(0, -1)) current = current && descend(context, current, attribute);
      if (current) written.add(`${current.module.name}.${write.path.at(-1)!}`);
    }
  }
  return written;
}

/** The installed submodule `module.name`, when `module` does not bind the name itself (then it is some object). */
function descend(context: RuleContext, current: ReadModule, name: string): ReadModule | undefined {
  if (current.kind === 'project') {
    const resolved = context.resolver.names.resolve(current.module, name);
    return resolved.status === 'submodule' ? { kind: 'project', module: resolved.module } : undefined;
  }
  const { finder, module } = current;
  const facts = module.kind === 'namespace' ? undefined : finder.facts(module);
  if (module.kind !== 'namespace' && (!facts || facts.bindings.some((b) => b.name === name))) return undefined;
  const sub = finder.find(`${module.name}.${name}`);
  return sub.status === 'found' ? { kind: 'installed', module: sub.module, finder } : undefined;
}

function report(
  context: RuleContext, importer: ProjectModule, read: AttributeRead, current: ReadModule,
  step: { attribute: string; span: Span }, readAs: string, candidates: string[],
): void {
  const when = read.function ? `when \`${read.function}()\` runs` : `when \`${importer.name}\` is imported`;
  const moduleName = current.module.name;
  const boundAs = readAs.slice(0, readAs.length - step.attribute.length - 1);
  const subject = boundAs === read.name ? `module \`${moduleName}\` (imported as \`${read.name}\`)` : `module \`${moduleName}\` (read as \`${boundAs}\`)`;
  context.report({
    file: importer.file, span: step.span, module: moduleName, name: step.attribute,
    ...(read.function ? { when: 'call' as const, function: read.function } : {}),
    message: `${subject} has no attribute \`${step.attribute}\`: AttributeError ${when}`,
    suggestions: similarNames(step.attribute, candidates, 3).map((c) => ({ message: `did you mean \`${boundAs}.${c}\`?`, replacement: c })),
  });
}

function projectBindings(context: RuleContext, module: FoundModule): string[] {
  const file = module.file ?? module.stubFile;
  return (file ? context.project.moduleOfFile(file)?.facts.bindings.map((b) => b.name) : undefined) ?? [];
}

/** Whether the importer (or the package the read goes through) loads `submodule` at import time. */
function loadedAtImport(context: RuleContext, loaded: ImportTimeClosure, importer: ProjectModule, parent: FoundModule, submodule: FoundModule): boolean {
  const name = submodule.file ? context.project.moduleOfFile(submodule.file)?.name : undefined;
  const packageName = parent.file ? context.project.moduleOfFile(parent.file)?.name : undefined;
  // A submodule preflight cannot name in the project (a stub, a namespace package) is not checked.
  return !name || loaded.loads(importer.name, name) || (packageName !== undefined && loaded.loads(packageName, name));
}

/** Which project modules a module loads at import time, itself and through what it imports (memoised). */
class ImportTimeClosure {
  private readonly closures = new Map<string, Set<string>>();

  constructor(private readonly context: RuleContext) {}

  loads(from: string, module: string): boolean {
    let closure = this.closures.get(from);
    if (!closure) {
      closure = new Set<string>();
      const queue: string[] = [];
      const visit = (module: string) => {
        // Importing a.b.c loads a and a.b first, and binds each as an attribute of its parent.
        for (let m = module; m !== '' && !closure!.has(m); m = parentName(m)) (closure!.add(m), queue.push(m));
      };
      visit(from);
      for (let i = 0; i < queue.length; i++) for (const next of this.context.importTimeEdges.get(queue[i]!) ?? []) visit(next);
      this.closures.set(from, closure);
    }
    return closure.has(module);
  }
}
