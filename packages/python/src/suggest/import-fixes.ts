/**
 * The fixes `--fix` applies: unambiguous rewrites of one import statement, keeping its aliases and the
 * names used in the file.
 * - the name's only definition is in a submodule the package does not re-export it from:
 *   `from models import ScrapeSession` → `from models.scrape_session import ScrapeSession`
 *   (a statement importing other names too is split in two, when it is on one line);
 * - the module does not exist and one module defines every imported name:
 *   `from core.auth import get_current_user` → `from api.deps import get_current_user`;
 * - the name is misspelt and the module defines exactly one close name:
 *   `from models.user import User` → `from models.user import AdminUser as User`.
 * Relative imports are left alone (rewriting them means choosing a style).
 */
import type { Fix, ImportedName, ImportSite } from '@preflight/core';

export function moveNameFix(file: string, site: ImportSite, imported: ImportedName, module: string): Fix | undefined {
  if (site.level > 0 || site.star) return undefined;
  const description = `import \`${imported.name}\` from \`${module}\``;
  if (site.names.length === 1) return { file, description, edits: [{ span: site.moduleSpan, text: module, expect: site.module }] };
  // Several names: the others stay; this one gets its own statement, in the same block. Only for a
  // one-line statement (a parenthesised one is the user's layout to keep).
  if (site.span.line !== site.span.endLine) return undefined;
  const written = (n: ImportedName) => (n.alias ? `${n.name} as ${n.alias}` : n.name);
  const others = site.names.filter((n) => n !== imported).map(written).join(', ');
  return {
    file, description,
    edits: [
      { span: site.span, text: `from ${site.module} import ${others}` },
      { after: site.span, text: `from ${module} import ${written(imported)}` },
    ],
  };
}

export function replaceModuleFix(file: string, site: ImportSite, module: string): Fix | undefined {
  if (site.level > 0 || site.kind !== 'from') return undefined;
  return { file, description: `import from \`${module}\``, edits: [{ span: site.moduleSpan, text: module, expect: site.module }] };
}

export function renameNameFix(file: string, site: ImportSite, imported: ImportedName, correct: string): Fix | undefined {
  if (site.kind !== 'from' || site.star) return undefined;
  // The file keeps using the name it imported: `AdminUser as User`.
  return { file, description: `import \`${correct}\`${imported.alias ? '' : ` as \`${imported.name}\``}`, edits: [{ span: imported.span, text: imported.alias ? correct : `${correct} as ${imported.name}`, expect: imported.name }] };
}
