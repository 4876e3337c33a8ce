/**
 * Import statements → ImportSite records, the only place imports are read from the syntax tree.
 * Forms: `import a.b`, `import a.b as c`, `import a, b` (one site each), `from m import x, y as z`,
 * `from . import x`, `from ..pkg.mod import *`, `from m import (x,\n y)`, `from __future__ import f`.
 */
import type { ImportedName, ImportSite } from '@preflight/core';
import type { SyntaxNode } from '../parse/parser.js';

import type { SourcePositions } from '../parse/source-positions.js';
import { importContext } from './import-context.js';
import { readAliased, readModuleName } from './python-syntax.js';

export function extractImports(statements: readonly SyntaxNode[], positions: SourcePositions): ImportSite[] {
  const sites: ImportSite[] = [];
  for (const node of statements) {
    const name = node.type === 'import_statement' ? 'import' : node.type === 'future_import_statement' ? 'import.future' : 'import.from';
    const context = importContext(node);
    const span = positions.span(node.startIndex, node.endIndex);
    const spanOf = (n: SyntaxNode) => positions.span(n.startIndex, n.endIndex);
    if (name === 'import') {
      for (const target of node.childrenForFieldName('name')) {
        const { dotted, alias, nameNode } = readAliased(target);
        if (!dotted) continue;
        const imported: ImportedName = { name: dotted, span: spanOf(nameNode), ...(alias ? { alias } : {}) };
        sites.push({ kind: 'import', module: dotted, level: 0, names: [imported], star: false, future: false, ...context, moduleSpan: spanOf(nameNode), span });
      }
      continue;
    }
    const future = name === 'import.future';
    const moduleNode = future ? undefined : node.childForFieldName('module_name');
    const { module, level } = moduleNode ? readModuleName(moduleNode) : { module: '__future__', level: 0 };
    const names: ImportedName[] = [];
    for (const target of node.childrenForFieldName('name')) {
      const { dotted, alias, nameNode } = readAliased(target);
      if (dotted) names.push({ name: dotted, span: spanOf(nameNode), ...(alias ? { alias } : {}) });
    }
    const star = node.namedChildren.some((c) => c.type === 'wildcard_import');
    if (!future && !moduleNode) continue; // an unfinished statement; the syntax error is reported instead
    sites.push({
      kind: 'from', module, level, names, star, future, ...context,
      moduleSpan: moduleNode ? spanOf(moduleNode) : span,
      span,
    });
  }
  return sites;
}
