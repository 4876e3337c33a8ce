/** unresolved-name: `from M import X` where M exists but X is not in it (doc: unresolved-name.md). */
import { adviseMissingName } from '../suggest/suggest-fixes.js';
import type { Rule } from './rule.js';

export const unresolvedName: Rule = {
  id: 'unresolved-name',
  summary: '`from M import X` where M exists but X is neither bound in M nor a submodule of it',
  check(context) {
    for (const { importer, site, target, names } of context.imports) {
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
        context.report({ file: importer.file, span: imported.span, message, site, module, name: imported.name, suggestions: advice.suggestions });
      }
    }
  },
};
