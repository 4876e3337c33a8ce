/** undeclared-dependency: installed here but declared nowhere (doc: undeclared-dependency.md). */
import { distributionsProviding } from '../environment/distributions.js';
import type { Rule } from './rule.js';

export const undeclaredDependency: Rule = {
  id: 'undeclared-dependency',
  summary: 'A third-party import installed in the environment but declared in no dependency file',
  check(context) {
    const { dependencies, installed } = context;
    if (!dependencies || dependencies.byName.size === 0 || !installed) return;
    const reported = new Set<string>();
    for (const { importer, site, target } of context.imports) {
      if (target.status !== 'external' || target.stdlib || !target.installed) continue;
      if (site.guard?.kind === 'fallback' || site.guard?.kind === 'try-else') continue;
      const top = target.topLevel;
      const providers = installed.environment.providers.get(top) ?? distributionsProviding(top);
      if (providers.some((name) => dependencies.byName.has(name) || dependencies.extras.has(name) || context.ownDistributions.has(name))) continue;
      // One finding per file and package: the fix is one line in a dependency file.
      const key = `${importer.file}\0${top}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const file = dependencies.files[0]!;
      context.report({
        file: importer.file, span: site.moduleSpan, site, module: top, unsure: true,
        message: `\`${top}\` is installed in ${context.environmentName} but declared in no dependency file: a fresh install will not have it`,
        suggestions: [{ message: `add \`${providers[0]}\` to ${file}` }],
      });
    }
  },
};
