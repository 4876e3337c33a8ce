/** unresolved-attribute: `import m` then `m.X` where m has no X (doc: unresolved-attribute.md). */
import { importTimeEdges } from '../impact/import-time.js';
import { parentName } from '../project/module-name.js';
import { resolveInstalledName } from '../resolve/resolve-imports.js';
import { similarNames } from '../suggest/similar-names.js';
import type { Rule, RuleContext } from './rule.js';

export const unresolvedAttribute: Rule = {
  id: 'unresolved-attribute',
  summary: '`import M` then `M.X` (at import time or in a function), where X is neither bound in M nor a submodule of it',
  check(context) {
    const { resolver } = context;
    const loaded = new ImportTimeClosure(context);
    for (const importer of context.project.modules) {
      if (importer.isStub) continue;
      for (const read of importer.facts.attributeReads ?? []) {
        // Through `from M import x`: `x` is any object (circular-import reads those), not module M.
        if (read.importedName !== undefined) continue;
        // `import a.gone` then `a.gone.f()`: the import fails first, and is reported as such.
        const path = `${read.module}.${read.attribute}`;
        if (importer.facts.imports.some((i) => i.level === 0 && (i.module === path || i.module.startsWith(`${path}.`)))) continue;
        const target = resolver.modules.resolve(importer, read.module, 0);
        let missing = false;
        let candidates: string[] = [];
        if (target.status === 'found') {
          const name = resolver.names.resolve(target.module, read.attribute);
          missing = name.status === 'missing';
          // `import a` then `a.b.X`: `a.b` is an attribute of `a` only once someone imports the submodule.
          if (name.status === 'submodule' && !read.function) {
            const submodule = name.module.file ? context.project.moduleOfFile(name.module.file)?.name : undefined;
            const packageName = target.module.file ? context.project.moduleOfFile(target.module.file)?.name : undefined;
            if (submodule && !loaded.loads(importer.name, submodule) && !(packageName && loaded.loads(packageName, submodule))) {
              context.report({
                file: importer.file, span: read.span, module: read.module, name: read.attribute, unsure: true,
                message: `\`${read.name}.${read.attribute}\` reads submodule \`${submodule}\`, which neither \`${importer.name}\` nor \`${read.module}\` imports: it works only if another module imported \`${submodule}\` first (AttributeError otherwise)`,
                suggestions: [{ message: `add \`import ${submodule}\` to ${importer.file}` }],
              });
            }
            continue;
          }
          const file = target.module.file ?? target.module.stubFile;
          candidates = (file ? context.project.moduleOfFile(file)?.facts.bindings.map((b) => b.name) : undefined) ?? [];
        } else if (target.status === 'external' && target.installed) {
          const finder = target.stdlib ? resolver.stdlibModules : resolver.installed;
          if (finder) missing = resolveInstalledName(finder, resolver.target, target.installed, read.attribute).status === 'missing';
          candidates = finder?.facts(target.installed)?.bindings.map((b) => b.name) ?? [];
        }
        if (!missing) continue;
        const when = read.function ? `when \`${read.function}()\` runs` : `when \`${importer.name}\` is imported`;
        context.report({
          file: importer.file, span: read.span, module: read.module, name: read.attribute,
          ...(read.function ? { when: 'call' as const, function: read.function } : {}),
          message: `module \`${read.module}\` (imported as \`${read.name}\`) has no attribute \`${read.attribute}\`: AttributeError ${when}`,
          suggestions: similarNames(read.attribute, candidates, 3).map((c) => ({ message: `did you mean \`${read.name}.${c}\`?`, replacement: c })),
        });
      }
    }
  },
};

/** Which project modules a module loads at import time, itself and through what it imports (memoised). */
class ImportTimeClosure {
  private edges?: Map<string, string[]>;
  private readonly closures = new Map<string, Set<string>>();

  constructor(private readonly context: RuleContext) {}

  loads(from: string, module: string): boolean {
    let closure = this.closures.get(from);
    if (!closure) {
      this.edges ??= importTimeEdges(this.context.project, this.context.imports, this.context.target);
      closure = new Set<string>();
      const queue: string[] = [];
      const visit = (module: string) => {
        // Importing a.b.c loads a and a.b first, and binds each as an attribute of its parent.
        for (let m = module; m !== '' && !closure!.has(m); m = parentName(m)) (closure!.add(m), queue.push(m));
      };
      visit(from);
      for (let i = 0; i < queue.length; i++) for (const next of this.edges.get(queue[i]!) ?? []) visit(next);
      this.closures.set(from, closure);
    }
    return closure.has(module);
  }
}
