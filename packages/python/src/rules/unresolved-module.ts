/** unresolved-module: the imported module, or a package on its way, does not exist (doc: unresolved-module.md). */
import { replaceModuleFix } from '../suggest/import-fixes.js';
import { adviseMissingModule } from '../suggest/suggest-fixes.js';
import type { Rule } from './rule.js';

export const unresolvedModule: Rule = {
  id: 'unresolved-module',
  summary: 'An imported first-party module (or one of its parent packages) does not exist',
  check(context) {
    for (const { importer, site, target } of context.imports) {
      if (target.status !== 'missing') continue;
      if (importer.unplaced && site.level > 0) continue;
      let message: string;
      switch (target.reason) {
        case 'beyond-top-level':
          message = `attempted relative import beyond top-level package: \`${target.requested}\` from \`${importer.name}\``;
          break;
        case 'no-parent-package':
          message = `attempted relative import with no known parent package: \`${target.requested}\` in top-level module \`${importer.name}\``;
          break;
        case 'not-in-stdlib-version':
          message = target.stdlib?.removed
            ? `\`${target.missing}\` is no longer in the standard library of Python ${target.stdlib.version} (it was in ${target.stdlib.available})`
            : target.stdlib?.available
              ? `\`${target.missing}\` is not in the standard library of Python ${target.stdlib?.version} (it is in ${target.stdlib.available})`
              : `No module named \`${target.missing}\` in the standard library of Python ${target.stdlib?.version}`;
          break;
        case 'not-a-package':
          message = `No module named \`${target.missing}\`: \`${target.parent?.name}\` is a module, not a package`;
          break;
        default:
          message =
            target.missing === target.requested
              ? `No module named \`${target.missing}\``
              : `No module named \`${target.missing}\` (importing \`${target.requested}\`)`;
      }
      const names = site.kind === 'from' ? site.names.map((n) => n.name) : [];
      if (target.installedParent) message += ` (the installed \`${target.installedParent.name.split('.')[0]}\` has no such module)`;
      const suggestions =
        !target.installedParent && (target.reason === 'not-found' || target.reason === 'not-a-package')
          ? adviseMissingModule(context, target.missing, target.parent, names)
          : [];
      // A removed stdlib module may come back from an installed backport (setuptools' distutils): unsure.
      const unsure = target.reason === 'not-in-stdlib-version' && target.stdlib?.removed === true;
      // One module defines every imported name: import them from there.
      const homes = suggestions.filter((s) => s.replacement);
      const fix = homes.length === 1 ? replaceModuleFix(importer.file, site, homes[0]!.replacement!) : undefined;
      context.report({ file: importer.file, span: site.moduleSpan, message, site, module: target.requested, suggestions, ...(unsure ? { unsure } : {}), ...(fix ? { fix } : {}) });
    }
  },
};
