/** unresolved-name: `from M import X` where M exists but X is not in it (doc: unresolved-name.md). */
import type { InstalledModule } from '../environment/installed-modules.js';
import { moveNameFix, renameNameFix } from '../suggest/import-fixes.js';
import { adviseMissingName } from '../suggest/suggest-fixes.js';
import { similarNames } from '../suggest/similar-names.js';
import type { Rule, RuleContext } from './rule.js';

function installedNames(context: RuleContext, module: InstalledModule): string[] {
  return (context.installed ?? context.stdlibModules)?.facts(module)?.bindings.map((b) => b.name) ?? [];
}

export const unresolvedName: Rule = {
  id: 'unresolved-name',
  summary: '`from M import X` where M exists but X is neither bound in M nor a submodule of it',
  check(context) {
    for (const { importer, site, target, names } of context.imports) {
      if (target.status === 'external' && target.installed) {
        const module = target.installed.name;
        for (const { imported, resolution } of names) {
          if (resolution.status !== 'missing') continue;
          const close = similarNames(imported.name, installedNames(context, target.installed), 3);
          context.report({
            file: importer.file, span: imported.span, site, module, name: imported.name,
            message: `\`${imported.name}\` is not defined in module \`${module}\` (${target.stdlib ? `standard library of ${context.targetDescription}` : `installed in ${context.environmentName}`})`,
            suggestions: close.map((c) => ({ message: `did you mean \`${c}\`?`, replacement: c })),
          });
        }
        continue;
      }
      if (target.status !== 'found') continue;
      for (const { imported, resolution } of names) {
        if (resolution.status !== 'missing') continue;
        const module = target.module.name;
        // A re-export cycle is reported where it is written, not at every importer of the names in it.
        if (resolution.cycle && !resolution.cycle.includes(importer.name)) continue;
        const advice = adviseMissingName(context, target.module, imported.name);
        const message = resolution.cycle
          ? `\`${imported.name}\` is never defined: \`${module}\` re-exports it in a cycle (${[...resolution.cycle, resolution.cycle[0]].join(' → ')})`
          : resolution.typeCheckingOnly
            ? `\`${imported.name}\` is bound in module \`${module}\` only under \`if TYPE_CHECKING:\`, so it does not exist at run time`
            : resolution.onlyWhen
              ? `\`${imported.name}\` is bound in module \`${module}\` only when \`${resolution.onlyWhen}\`, which is false on ${context.targetDescription}`
            : advice.definedNowhere
            ? `\`${imported.name}\` is not defined in module \`${module}\`, nor anywhere else in the project`
            : `\`${imported.name}\` is not defined in module \`${module}\``;
        const fix = advice.rewrite && ('module' in advice.rewrite
          ? moveNameFix(importer.file, site, imported, advice.rewrite.module)
          : renameNameFix(importer.file, site, imported, advice.rewrite.name));
        // Re-exporting it from the package mends every importer at once: a choice, never applied by --fix.
        const alternatives = advice.reExports.map(({ file, line }) => ({ file, description: `re-export \`${imported.name}\`: add \`${line}\` to ${file}`, edits: [{ append: line }] }));
        context.report({
          file: importer.file, span: imported.span, message, site, module, name: imported.name, suggestions: advice.suggestions,
          ...(fix ? { fix } : {}), ...(alternatives.length > 0 ? { alternatives } : {}),
        });
      }
    }
  },
};
