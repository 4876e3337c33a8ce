/** unresolved-attribute: `import m` then a module-level `m.X` where m has no X (doc: unresolved-attribute.md). */
import { resolveInstalledName } from '../resolve/resolve-imports.js';
import { similarNames } from '../suggest/similar-names.js';
import type { Rule } from './rule.js';

export const unresolvedAttribute: Rule = {
  id: 'unresolved-attribute',
  summary: '`import M` then `M.X` read at import time, where X is neither bound in M nor a submodule of it',
  check(context) {
    const { resolver } = context;
    for (const importer of context.project.modules) {
      if (importer.isStub) continue;
      for (const read of importer.facts.attributeReads ?? []) {
        const target = resolver.modules.resolve(importer, read.module, 0);
        let missing = false;
        let candidates: string[] = [];
        if (target.status === 'found') {
          missing = resolver.names.resolve(target.module, read.attribute).status === 'missing';
          const file = target.module.file ?? target.module.stubFile;
          candidates = (file ? context.project.moduleOfFile(file)?.facts.bindings.map((b) => b.name) : undefined) ?? [];
        } else if (target.status === 'external' && target.installed) {
          const finder = target.stdlib ? resolver.stdlibModules : resolver.installed;
          if (finder) missing = resolveInstalledName(finder, resolver.target, target.installed, read.attribute).status === 'missing';
          candidates = finder?.facts(target.installed)?.bindings.map((b) => b.name) ?? [];
        }
        if (!missing) continue;
        context.report({
          file: importer.file, span: read.span, module: read.module, name: read.attribute,
          message: `module \`${read.module}\` (imported as \`${read.name}\`) has no attribute \`${read.attribute}\`: AttributeError when \`${importer.name}\` is imported`,
          suggestions: similarNames(read.attribute, candidates, 3).map((c) => ({ message: `did you mean \`${read.name}.${c}\`?`, replacement: c })),
        });
      }
    }
  },
};
